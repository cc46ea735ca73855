"""release: versioned, stamped, checksummed releases, their files, and the diff of two graphs."""
