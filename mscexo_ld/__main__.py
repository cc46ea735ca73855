from mscexo_ld.cli import main

raise SystemExit(main())
