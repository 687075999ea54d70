package web

import (
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"nursling/bot"
)

// csp allows only what the binary serves: its own script, stylesheet and
// images (the week chart is an inline PNG), and forms posting back here.
const csp = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

// secured adds the security headers, limits the body, applies the
// cross-origin check to every unsafe method and logs each request by route
// and status only (never the query, a form or a cookie).
func (s *Server) secured(next http.Handler) http.Handler {
	cop := http.NewCrossOriginProtection()
	protected := cop.Handler(next)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := s.opts.Now()
		h := w.Header()
		h.Set("Content-Security-Policy", csp)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()")
		if s.secure {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		r.Body = http.MaxBytesReader(w, r.Body, maxBody)
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		protected.ServeHTTP(rec, r)
		s.log.LogAttrs(r.Context(), slog.LevelDebug, "web request",
			slog.String("method", r.Method), slog.String("route", route(r)),
			slog.Int("status", rec.status), slog.Duration("took", s.opts.Now().Sub(start)))
	})
}

// route names a request's page without anything a visitor typed: the
// article path is a topic id from the guide, anything else is "other".
func route(r *http.Request) string {
	if r.Pattern != "" {
		return r.Pattern
	}
	return "other"
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(code int) {
	s.status = code
	s.ResponseWriter.WriteHeader(code)
}

// clientLimiter is a token bucket per client address, with the engine's
// figures: the engine limits per web identity, this stops a client that
// drops its cookie to get a fresh one.
type clientLimiter struct {
	mu      sync.Mutex
	limit   rate.Limit
	burst   int
	clients map[string]*clientBucket
	now     func() time.Time
	lastGC  time.Time
	enabled bool
}

type clientBucket struct {
	b    *rate.Limiter
	seen time.Time
}

func newClientLimiter(cfg bot.RateLimit, now func() time.Time) *clientLimiter {
	return &clientLimiter{
		limit: rate.Limit(cfg.PerMinute / 60), burst: cfg.Burst,
		clients: map[string]*clientBucket{}, now: now,
		enabled: cfg.PerMinute > 0 && cfg.Burst > 0,
	}
}

// allow takes a token for client.
func (l *clientLimiter) allow(client string) bool {
	if !l.enabled {
		return true
	}
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	if now.Sub(l.lastGC) > 10*time.Minute {
		l.lastGC = now
		for k, c := range l.clients {
			if now.Sub(c.seen) > 10*time.Minute {
				delete(l.clients, k)
			}
		}
	}
	c := l.clients[client]
	if c == nil {
		c = &clientBucket{b: rate.NewLimiter(l.limit, l.burst)}
		l.clients[client] = c
	}
	c.seen = now
	return c.b.AllowN(now, 1)
}

// clientAddr is the client's IP: the connection's peer, or the last
// X-Forwarded-For hop when the peer is a trusted loopback proxy.
func (s *Server) clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	if s.opts.TrustProxy {
		if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
			if xff := r.Header.Get("X-Forwarded-For"); xff != "" {
				parts := strings.Split(xff, ",")
				if last := strings.TrimSpace(parts[len(parts)-1]); net.ParseIP(last) != nil {
					return last
				}
			}
		}
	}
	return host
}
