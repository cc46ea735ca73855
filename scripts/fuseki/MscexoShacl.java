// SHACL validation with Apache Jena SHACL (jena-shacl, part of the pinned Jena) for
// `mscexo-ld validate --shacl-engine jena`. Compiled by scripts/fetch-fuseki.sh into
// .cache/fuseki/classes, beside the Fuseki launcher; run by mscexo_ld/validate/jena_shacl.py.
//
//   java -cp ... MscexoShacl --shapes SHAPES.nt [--threads N] [--timing] --report OUT.nt DATA...
//        [--report OUT2.nt DATA2... ...]
//
// Each --report starts a job: the data files after it are validated together, each job's data
// on its own (one JVM for many small graphs: the tests' shape cases).
// The data files (N-Triples .nt or Turtle .ttl; the Python side converts every other format
// first) are read into ONE in-memory graph, each file with its own blank nodes; the shapes file
// is read into another. owl:imports are not followed and nothing is fetched. The report graph
// (sh:ValidationReport) is written to OUT.nt as N-Triples. --timing prints each job's read and
// validate seconds to stderr.
//
// --threads N: the (shape, focus node) pairs are split over N threads, each with its own
// ValidationContext, reading the one shared graph (Jena's in-memory graphs allow concurrent
// readers). The SHACL report is the union of the results of every target shape on every focus
// node, and no result depends on another pair's (no SPARQL constraints, nothing is written to
// the data), so the union of the threads' results is the sequential report: the same set.
//
// Exit status: 0 validated (conforming or not: read the report), 3 a data or shapes file cannot
// be read or parsed (stderr: "FILE: line L, col C: message"), 2 bad arguments, 70 anything else.

import java.io.FileOutputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.riot.RDFParser;
import org.apache.jena.riot.RDFParserBuilder;
import org.apache.jena.riot.RiotException;
import org.apache.jena.riot.system.AsyncParser;
import org.apache.jena.riot.system.ErrorHandler;
import org.apache.jena.riot.system.StreamRDFLib;
import org.apache.jena.shacl.Shapes;
import org.apache.jena.shacl.ValidationReport;
import org.apache.jena.shacl.engine.ValidationContext;
import org.apache.jena.shacl.parser.Shape;
import org.apache.jena.shacl.validation.ReportEntry;
import org.apache.jena.shacl.validation.VLib;
import org.apache.jena.sparql.graph.GraphFactory;
import org.apache.jena.sys.JenaSystem;

public final class MscexoShacl {
    private MscexoShacl() {}

    /** A parse problem, with the file it is in. */
    static final class InputError extends RuntimeException {
        InputError(String message) {
            super(message);
        }
    }

    static ErrorHandler handler(String file) {
        return new ErrorHandler() {
            @Override
            public void warning(String message, long line, long col) {}

            @Override
            public void error(String message, long line, long col) {
                throw new InputError(where(file, line, col) + message);
            }

            @Override
            public void fatal(String message, long line, long col) {
                throw new InputError(where(file, line, col) + message);
            }
        };
    }

    static String where(String file, long line, long col) {
        return file + ": " + (line > 0 ? "line " + line + (col > 0 ? ", col " + col : "") + ": " : "");
    }

    static Lang lang(String file) {
        String lower = file.toLowerCase();
        if (lower.endsWith(".nt") || lower.endsWith(".ntriples")) {
            return Lang.NTRIPLES;
        }
        if (lower.endsWith(".ttl") || lower.endsWith(".turtle")) {
            return Lang.TURTLE;
        }
        throw new InputError(file + ": not N-Triples (.nt) or Turtle (.ttl)");
    }

    static void read(String file, Graph into) {
        try {
            // Parsed in a second thread, inserted into the graph in this one (Jena's AsyncParser).
            RDFParserBuilder parser = RDFParser.source(file).lang(lang(file)).errorHandler(handler(file));
            AsyncParser.asyncParseSources(List.of(parser), StreamRDFLib.graph(into));
        } catch (InputError e) {
            throw e;
        } catch (RiotException e) {
            throw new InputError(file + ": " + e.getMessage());
        } catch (RuntimeException e) {  // a missing or unreadable file
            throw new InputError(file + ": " + e.getMessage());
        }
    }

    record Work(Shape shape, List<Node> focus) {}

    static ValidationReport validate(Shapes shapes, Graph data, int threads) throws Exception {
        List<Work> work = new ArrayList<>();
        for (Shape shape : shapes.getTargetShapes()) {
            Collection<Node> focus = VLib.focusNodes(data, shape);
            List<Node> nodes = new ArrayList<>(focus);
            int step = Math.max(1, (nodes.size() + threads * 4 - 1) / (threads * 4));
            for (int i = 0; i < nodes.size(); i += step) {
                work.add(new Work(shape, nodes.subList(i, Math.min(nodes.size(), i + step))));
            }
        }
        ValidationReport.Builder merged = ValidationReport.create();
        merged.addPrefixes(shapes.getGraph().getPrefixMapping());
        if (threads <= 1) {
            ValidationContext context = ValidationContext.create(shapes, data);
            for (Work w : work) {
                for (Node node : w.focus()) {
                    VLib.validateShape(context, data, w.shape(), node);
                }
            }
            return context.generateReport();
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<ValidationReport>> parts = new ArrayList<>();
            for (Work w : work) {
                parts.add(pool.submit(() -> {
                    ValidationContext context = ValidationContext.create(shapes, data);
                    for (Node node : w.focus()) {
                        VLib.validateShape(context, data, w.shape(), node);
                    }
                    return context.generateReport();
                }));
            }
            for (Future<ValidationReport> part : parts) {
                for (ReportEntry entry : part.get().getEntries()) {
                    merged.addReportEntry(entry);
                }
            }
        } finally {
            pool.shutdown();
        }
        return merged.build();
    }

    record Job(String report, List<String> data) {}

    public static void main(String[] args) {
        String shapesFile = null;
        int threads = 1;
        boolean timing = false;
        List<Job> jobs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--shapes" -> shapesFile = args[++i];
                case "--report" -> jobs.add(new Job(args[++i], new ArrayList<>()));
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--timing" -> timing = true;
                default -> {
                    if (jobs.isEmpty()) {
                        jobs.add(new Job(null, new ArrayList<>()));
                    }
                    jobs.get(jobs.size() - 1).data().add(args[i]);
                }
            }
        }
        if (shapesFile == null || jobs.isEmpty() || jobs.stream().anyMatch(j -> j.report() == null || j.data().isEmpty())) {
            System.err.println("usage: MscexoShacl --shapes SHAPES [--threads N] [--timing] --report OUT.nt DATA... [--report OUT2.nt DATA2...]");
            System.exit(2);
        }
        try {
            long t0 = System.nanoTime();
            JenaSystem.init();
            Graph shapesGraph = GraphFactory.createDefaultGraph();
            read(shapesFile, shapesGraph);
            Shapes shapes = Shapes.parse(shapesGraph);
            for (Job job : jobs) {
                Graph data = GraphFactory.createDefaultGraph();
                for (String file : job.data()) {
                    read(file, data);
                }
                long t1 = System.nanoTime();
                ValidationReport report = validate(shapes, data, Math.max(1, threads));
                long t2 = System.nanoTime();
                try (OutputStream out = new FileOutputStream(job.report())) {
                    RDFDataMgr.write(out, report.getGraph(), Lang.NTRIPLES);
                }
                if (timing) {
                    System.err.printf("timing: read %.3f s, validate %.3f s, %d triples, %d results, %d threads%n",
                            (t1 - t0) / 1e9, (t2 - t1) / 1e9, data.size(), report.getEntries().size(), threads);
                }
                t0 = System.nanoTime();
            }
        } catch (InputError e) {
            System.err.println(e.getMessage());
            System.exit(3);
        } catch (Exception e) {
            System.err.println("jena-shacl: " + e);
            System.exit(70);
        }
    }
}
