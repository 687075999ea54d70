// Package ops is what the operator sees of a running Nursling: Prometheus
// metrics (questions by platform, no-match and urgent counts, reply
// latency, send errors and retries, log entries written, rate-limited
// users) and a health check that reports ready once the guide is indexed,
// the store is open and an enabled adapter is connected, naming any
// adapter that is down. It is
// the only package that imports the Prometheus client.
package ops

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"nursling/bot"
)

// Metrics holds Nursling's Prometheus collectors on their own registry.
type Metrics struct {
	reg         *prometheus.Registry
	questions   *prometheus.CounterVec
	noMatch     *prometheus.CounterVec
	urgent      *prometheus.CounterVec
	latency     *prometheus.HistogramVec
	sendErrors  *prometheus.CounterVec
	sendRetries *prometheus.CounterVec
	logged      *prometheus.CounterVec
	limited     *prometheus.CounterVec
	storeWrite  *prometheus.HistogramVec
	storeErrors *prometheus.CounterVec
}

// NewMetrics creates and registers the collectors, with every series of
// each platform given present from the start at 0: an alert on a series
// that does not exist yet never fires (Prometheus' advice on labels).
func NewMetrics(platforms ...bot.Platform) *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		questions: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "nursling_questions_total", Help: "Questions answered, by platform.",
		}, []string{"platform"}),
		noMatch: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "nursling_no_match_total", Help: "Questions the guide had no answer for, by platform.",
		}, []string{"platform"}),
		urgent: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "nursling_urgent_total", Help: "Questions answered with a get-care block, by platform.",
		}, []string{"platform"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "nursling_reply_seconds",
			Help:    "Time from a message reaching the engine to its reply being ready, by platform.",
			Buckets: []float64{.0001, .00025, .0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1},
		}, []string{"platform"}),
		sendErrors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "nursling_send_errors_total", Help: "Replies that could not be delivered after retries, by platform.",
		}, []string{"platform"}),
		sendRetries: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "nursling_send_retries_total", Help: "Delivery retries (rate limits, server errors), by platform.",
		}, []string{"platform"}),
		logged: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "nursling_log_entries_total", Help: "Feed-log entries written, by platform.",
		}, []string{"platform"}),
		limited: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "nursling_rate_limited_total", Help: "Messages over a user's rate limit (the first told to slow down, the rest dropped), by platform.",
		}, []string{"platform"}),
		storeWrite: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "nursling_store_write_seconds",
			Help:    "Time of one store write transaction, retries included, by store driver.",
			Buckets: []float64{.0001, .00025, .0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
		}, []string{"driver"}),
		storeErrors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "nursling_store_errors_total", Help: "Store writes that failed, by store driver.",
		}, []string{"driver"}),
	}
	m.reg.MustRegister(m.questions, m.noMatch, m.urgent, m.latency, m.sendErrors, m.sendRetries, m.logged, m.limited, m.storeWrite, m.storeErrors,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	for _, p := range platforms {
		m.initPlatform(p)
	}
	return m
}

// initPlatform creates every nursling_ series of platform p at 0.
func (m *Metrics) initPlatform(p bot.Platform) {
	for _, v := range []*prometheus.CounterVec{m.questions, m.noMatch, m.urgent, m.sendErrors, m.sendRetries, m.logged, m.limited} {
		v.WithLabelValues(string(p))
	}
	m.latency.WithLabelValues(string(p))
}

// Hooks returns the engine hooks that feed these metrics.
func (m *Metrics) Hooks() bot.Hooks {
	return bot.Hooks{
		Answered: func(p bot.Platform, noMatch, urgent bool) {
			m.questions.WithLabelValues(string(p)).Inc()
			if noMatch {
				m.noMatch.WithLabelValues(string(p)).Inc()
			}
			if urgent {
				m.urgent.WithLabelValues(string(p)).Inc()
			}
		},
		Logged:      func(p bot.Platform) { m.logged.WithLabelValues(string(p)).Inc() },
		RateLimited: func(p bot.Platform) { m.limited.WithLabelValues(string(p)).Inc() },
		RateDropped: func(p bot.Platform) { m.limited.WithLabelValues(string(p)).Inc() },
	}
}

// ObserveReply records how long the engine took for one message.
func (m *Metrics) ObserveReply(p bot.Platform, d time.Duration) {
	m.latency.WithLabelValues(string(p)).Observe(d.Seconds())
}

// StoreObserver returns the function a store calls after each write: its
// time and whether it failed. The driver's series start at 0.
func (m *Metrics) StoreObserver(driver string) func(time.Duration, error) {
	m.storeWrite.WithLabelValues(driver)
	m.storeErrors.WithLabelValues(driver)
	return func(d time.Duration, err error) {
		m.storeWrite.WithLabelValues(driver).Observe(d.Seconds())
		if err != nil {
			m.storeErrors.WithLabelValues(driver).Inc()
		}
	}
}

// SendRetry counts one delivery retry on a platform.
func (m *Metrics) SendRetry(p bot.Platform) { m.sendRetries.WithLabelValues(string(p)).Inc() }

// SendError counts one reply dropped after its retries.
func (m *Metrics) SendError(p bot.Platform) { m.sendErrors.WithLabelValues(string(p)).Inc() }

// Handler serves /metrics.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

// Health collects readiness checks. Core checks (the guide, the store)
// must all pass; chat adapters are checked apart, so one adapter down
// (Telegram unreachable) is named without taking the others out of
// service: the service is ready while its core checks pass and at least
// one adapter is up.
type Health struct {
	mu       sync.Mutex
	checks   map[string]func() bool
	order    []string
	adapters map[string]bool
	info     [][2]string
}

// NewHealth returns an empty Health (ready).
func NewHealth() *Health {
	return &Health{checks: map[string]func() bool{}, adapters: map[string]bool{}}
}

// Add registers a named core readiness check.
func (h *Health) Add(name string, ready func() bool) { h.add(name, ready, false) }

// AddAdapter registers a chat adapter's check: while it fails /healthz
// names the adapter as down, and stays ready if another adapter is up.
func (h *Health) AddAdapter(name string, up func() bool) { h.add(name, up, true) }

func (h *Health) add(name string, ready func() bool, adapter bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if _, ok := h.checks[name]; !ok {
		h.order = append(h.order, name)
	}
	h.checks[name] = ready
	h.adapters[name] = adapter
}

// Info adds a fixed "name: value" line to every answer (which store the
// process runs on), after the verdict. It must not hold secrets.
func (h *Health) Info(name, value string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.info = append(h.info, [2]string{name, value})
}

// Status is the health check's verdict: what is not ready, which
// adapters are down, and whether the service is ready all the same.
type Status struct {
	Ready        bool
	NotReady     []string // core checks failing, or every adapter when none is up
	AdaptersDown []string
}

// Status runs the checks.
func (h *Health) Status() Status {
	h.mu.Lock()
	defer h.mu.Unlock()
	var st Status
	adapters, up := 0, 0
	for _, name := range h.order {
		ok := h.checks[name]()
		switch {
		case !h.adapters[name] && !ok:
			st.NotReady = append(st.NotReady, name)
		case h.adapters[name]:
			adapters++
			if ok {
				up++
			} else {
				st.AdaptersDown = append(st.AdaptersDown, name)
			}
		}
	}
	if adapters > 0 && up == 0 {
		st.NotReady = append(st.NotReady, st.AdaptersDown...)
	}
	st.Ready = len(st.NotReady) == 0
	return st
}

// ServeHTTP answers 200 "ok" when everything is up; 200 "degraded:
// adapters down: [...]" while some adapter is down and another serves;
// else 503 "not ready: [...]" naming what is not.
func (h *Health) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	st := h.Status()
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	switch {
	case !st.Ready:
		w.WriteHeader(http.StatusServiceUnavailable)
		fmt.Fprintf(w, "not ready: %v\n", st.NotReady)
	case len(st.AdaptersDown) > 0:
		fmt.Fprintf(w, "degraded: adapters down: %v\n", st.AdaptersDown)
	default:
		fmt.Fprintln(w, "ok")
	}
	h.mu.Lock()
	info := append([][2]string(nil), h.info...)
	h.mu.Unlock()
	for _, kv := range info {
		fmt.Fprintf(w, "%s: %s\n", kv[0], kv[1])
	}
}

// Serve runs the /healthz and /metrics server on ln until ctx is done.
func Serve(ctx context.Context, ln net.Listener, h *Health, m *Metrics) error {
	mux := http.NewServeMux()
	mux.Handle("/healthz", h)
	mux.Handle("/metrics", m.Handler())
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case <-ctx.Done():
		shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := srv.Shutdown(shutdownCtx); err != nil {
			return fmt.Errorf("ops: shut down http: %w", err)
		}
		return nil
	case err := <-errc:
		if errors.Is(err, http.ErrServerClosed) {
			return nil
		}
		return fmt.Errorf("ops: serve http: %w", err)
	}
}

// Handler is the engine as an adapter sees it.
type Handler interface {
	Handle(ctx context.Context, m bot.Message) (bot.Reply, error)
	Commands() []bot.CommandInfo
}

// Timed wraps h so every reply's latency is recorded.
func (m *Metrics) Timed(h Handler) Handler { return timed{h: h, m: m} }

type timed struct {
	h Handler
	m *Metrics
}

func (t timed) Handle(ctx context.Context, msg bot.Message) (bot.Reply, error) {
	start := time.Now()
	r, err := t.h.Handle(ctx, msg)
	t.m.ObserveReply(msg.Platform, time.Since(start))
	return r, err
}

func (t timed) Commands() []bot.CommandInfo { return t.h.Commands() }
