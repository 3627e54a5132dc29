package main

import (
	"context"
	"fmt"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/anthdm/hollywood/actor"
	mcpserver "github.com/mark3labs/mcp-go/server"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/polymarket-mcp/polymarket-mcp/actors"
	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

// Operator endpoints, served beside /mcp on the --http listener.
const (
	metricsPath = "/metrics"
	healthPath  = "/healthz"
	readyPath   = "/readyz"
)

// opsStatusTimeout bounds one status request of a scrape or probe.
const opsStatusTimeout = 3 * time.Second

// opsSessionID is the session a scrape asks status as. No MCP session has
// the empty id (the MCP layer names id-less requests "default"), so the
// answer has the connections and statistics and no subscription lines.
const opsSessionID = ""

// opsServer serves /metrics, /healthz and /readyz. It reads the actors
// only by asking the system for its status, as get_realtime_status does,
// and by reading the counters they publish atomically (actors.Metrics):
// it shares no lock with them.
type opsServer struct {
	engine  *actor.Engine
	system  *actor.PID
	metrics *actors.Metrics
	ready   *readiness

	sessions    atomic.Int64  // MCP sessions open now
	droppedLogs atomic.Uint64 // lines rateLimited left out
	registry    *prometheus.Registry
}

func newOpsServer(cfg opsConfig, e *actor.Engine, system *actor.PID, m *actors.Metrics) *opsServer {
	o := &opsServer{engine: e, system: system, metrics: m, ready: newReadiness(cfg.readyWindow)}
	o.registry = prometheus.NewRegistry()
	o.registry.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		&systemCollector{ops: o},
	)
	return o
}

// countSessions keeps the session gauge from mcp-go's session hooks.
func (o *opsServer) countSessions(h *mcpserver.Hooks) {
	h.AddOnRegisterSession(func(context.Context, mcpserver.ClientSession) { o.sessions.Add(1) })
	h.AddOnUnregisterSession(func(context.Context, mcpserver.ClientSession) { o.sessions.Add(-1) })
}

// status asks the system for its process-wide status.
func (o *opsServer) status() (messages.Status, error) {
	res, err := o.engine.Request(o.system, messages.StatusRequest{SessionID: opsSessionID}, opsStatusTimeout).Result()
	if err != nil {
		return messages.Status{}, fmt.Errorf("the actor system did not answer: %w", err)
	}
	st, ok := res.(messages.Status)
	if !ok {
		return messages.Status{}, fmt.Errorf("the actor system answered %T", res)
	}
	return st, nil
}

// mount adds the endpoints to the HTTP listener's mux. /metrics goes
// through guard (the same origin and token rules as /mcp); the probes do
// not, because orchestrators probe without credentials and the answers
// name nothing but endpoint states.
func (o *opsServer) mount(mux *http.ServeMux, guard func(http.Handler) http.Handler) {
	mux.Handle(metricsPath, guard(promhttp.HandlerFor(o.registry, promhttp.HandlerOpts{})))
	mux.HandleFunc(healthPath, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = fmt.Fprintln(w, "ok")
	})
	mux.HandleFunc(readyPath, o.serveReady)
}

// serveReady answers 200 when every endpoint with subscribers is connected
// or was for most of the ready window, else 503 naming the others.
func (o *opsServer) serveReady(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	st, err := o.status()
	if err != nil {
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = fmt.Fprintln(w, "not ready:", err)
		return
	}
	notReady := o.ready.check(time.Now(), st.Connections)
	if len(notReady) == 0 {
		_, _ = fmt.Fprintln(w, "ready")
		return
	}
	w.WriteHeader(http.StatusServiceUnavailable)
	_, _ = fmt.Fprintln(w, "not ready:")
	for _, line := range notReady {
		_, _ = fmt.Fprintln(w, " ", line)
	}
}

// watch samples the connections until ctx ends, so that /readyz knows how
// long each endpoint was connected even when nobody probes.
func (o *opsServer) watch(ctx context.Context) {
	t := time.NewTicker(o.ready.sampleEvery())
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if st, err := o.status(); err == nil {
				o.ready.record(time.Now(), st.Connections)
			}
		}
	}
}
