// Fuseki main with the bounds `mscexo-ld serve --server fuseki` needs and Fuseki's own options lack:
// a request size limit and a response size limit (Jetty's SizeLimitHandler wrapped around Fuseki's
// handler), and the bind address. Compiled by scripts/fetch-fuseki.sh into .cache/fuseki/classes.
//
// System properties (set by mscexo_ld/query/fuseki.py):
//   mscexo.host               address to bind (default 127.0.0.1)
//   mscexo.maxRequestBytes    a larger request body gets 413 (default 1 MiB)
//   mscexo.maxResponseBytes   a response is cut off past this many bytes (default 64 MiB; -1: no limit)
// Every other argument is Fuseki main's (--config=FILE, --port=N).

import org.apache.jena.fuseki.main.FusekiServer;
import org.apache.jena.fuseki.main.cmds.FusekiMain;
import org.apache.jena.fuseki.system.FusekiLogging;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.SizeLimitHandler;

public final class MscexoFuseki {
    private MscexoFuseki() {}

    public static void main(String[] args) {
        FusekiLogging.setLogging();
        String host = System.getProperty("mscexo.host", "127.0.0.1");
        long maxRequest = Long.getLong("mscexo.maxRequestBytes", 1L << 20);
        long maxResponse = Long.getLong("mscexo.maxResponseBytes", 64L << 20);
        FusekiServer fuseki;
        try {
            fuseki = FusekiMain.build(args);
        } catch (RuntimeException e) {
            System.err.println("fuseki: " + e.getMessage());
            System.exit(2);
            return;
        }
        Server jetty = fuseki.getJettyServer();
        for (Connector connector : jetty.getConnectors()) {
            if (connector instanceof ServerConnector serverConnector) {
                serverConnector.setHost(host);
            }
        }
        Handler fusekiHandler = jetty.getHandler();
        jetty.setHandler((Handler) null);
        SizeLimitHandler limits = new SizeLimitHandler(maxRequest, maxResponse);
        limits.setHandler(fusekiHandler);
        jetty.setHandler(limits);
        try {
            fuseki.start();
        } catch (RuntimeException e) {
            System.err.println("fuseki: cannot start: " + e.getMessage());
            System.exit(3);
            return;
        }
        fuseki.join();
    }
}
