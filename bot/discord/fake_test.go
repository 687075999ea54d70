package discord

import (
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// A local fake Discord: an httptest REST server speaking just enough of
// API v9 for the adapter, and a websocket gateway (HELLO, IDENTIFY/RESUME,
// READY/RESUMED, heartbeat ACKs, dispatches). It records every request and
// gateway frame so tests can wait for and inspect them.

const (
	testToken = "test-token-s3cr3t.abc"
	testApp   = "700000000000000001"
	testBot   = "700000000000000002"
	testGuild = "700000000000000100"
	testChan  = "700000000000000200"
	otherChan = "700000000000000201"
	dmChan    = "700000000000000300"
	testUser  = "700000000000000400"
	testRole  = "700000000000000500"
	sessionID = "fake-session-1"
	// waitLimit is how long a test waits for something the fake should
	// see before failing; it is a deadline for a hang, not a speed target.
	waitLimit = 15 * time.Second
)

// request is one recorded REST call.
type request struct {
	Method string
	Path   string // without the /api/v9 prefix
	Query  string
	Auth   string
	Body   []byte // JSON, or payload_json of a multipart body
	Files  []upload
	// Failed is the injected status it was answered with (0: served).
	Failed int
}

type upload struct {
	Name, ContentType string
	Data              []byte
}

// decode unmarshals the JSON body into a generic map.
func (r request) decode(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.Body, &m); err != nil {
		t.Fatalf("%s %s: body is not a JSON object: %v: %s", r.Method, r.Path, err, r.Body)
	}
	return m
}

// frame is one gateway payload the client sent.
type frame struct {
	Op int             `json:"op"`
	D  json.RawMessage `json:"d"`
}

type gwConn struct {
	mu     sync.Mutex // gorilla allows one writer at a time
	c      *websocket.Conn
	closed bool
	clean  bool // the client sent a close frame
}

func (g *gwConn) send(v any) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.c.WriteJSON(v)
}

type fake struct {
	t   *testing.T
	srv *httptest.Server

	mu      sync.Mutex
	changed chan struct{} // closed and replaced on every change
	reqs    []request
	frames  []frame
	conns   []*gwConn
	seq     int64
	fail    []failRule
}

// failRule answers matching requests with status, n times. A 429 says
// retryAfter seconds in its body and bucket headers.
type failRule struct {
	method, pathPrefix string
	status, n          int
	retryAfter         float64
}

func newFake(t *testing.T) *fake {
	t.Helper()
	f := &fake{t: t, changed: make(chan struct{})}
	mux := http.NewServeMux()
	mux.HandleFunc("/ws/", f.serveGateway)
	mux.HandleFunc("/api/v9/", f.serveREST)
	f.srv = httptest.NewServer(mux)
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fake) bump() {
	close(f.changed)
	f.changed = make(chan struct{})
}

// failNext makes the next n requests with method and path prefix fail.
func (f *fake) failNext(method, pathPrefix string, status, n int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.fail = append(f.fail, failRule{method, pathPrefix, status, n, 0})
}

// limitNext makes the next n requests with method and path prefix answer
// 429, asking to retry after retryAfter seconds.
func (f *fake) limitNext(method, pathPrefix string, n int, retryAfter float64) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.fail = append(f.fail, failRule{method, pathPrefix, http.StatusTooManyRequests, n, retryAfter})
}

// until waits for cond (called with f.mu held) to hold.
func (f *fake) until(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.NewTimer(waitLimit)
	defer deadline.Stop()
	for {
		f.mu.Lock()
		ok, ch := cond(), f.changed
		f.mu.Unlock()
		if ok {
			return
		}
		select {
		case <-ch:
		case <-deadline.C:
			t.Fatalf("fake discord: gave up waiting for %s; requests so far:\n%s", what, f.dump())
		}
	}
}

// waitReq returns the first recorded request for which match holds,
// waiting for it.
func (f *fake) waitReq(t *testing.T, what string, match func(request) bool) request {
	t.Helper()
	var got request
	f.until(t, what, func() bool {
		for _, r := range f.reqs {
			if match(r) {
				got = r
				return true
			}
		}
		return false
	})
	return got
}

// find returns every recorded request for which match holds.
func (f *fake) find(match func(request) bool) []request {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []request
	for _, r := range f.reqs {
		if match(r) {
			out = append(out, r)
		}
	}
	return out
}

func (f *fake) dump() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var b strings.Builder
	for _, r := range f.reqs {
		fmt.Fprintf(&b, "  %s %s %d %.300s\n", r.Method, r.Path, r.Failed, r.Body)
	}
	return b.String()
}

func is(method, path string) func(request) bool {
	return func(r request) bool { return r.Method == method && r.Path == path }
}

func (f *fake) serveREST(w http.ResponseWriter, r *http.Request) {
	path := strings.TrimPrefix(r.URL.Path, "/api/v9")
	rec := request{Method: r.Method, Path: path, Query: r.URL.RawQuery, Auth: r.Header.Get("Authorization")}
	if err := readBody(r, &rec); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	f.mu.Lock()
	f.reqs = append(f.reqs, rec)
	status := 0
	retryAfter := 0.0
	for i := range f.fail {
		fr := &f.fail[i]
		if fr.n > 0 && fr.method == r.Method && strings.HasPrefix(path, fr.pathPrefix) {
			fr.n--
			status, retryAfter = fr.status, fr.retryAfter
			f.reqs[len(f.reqs)-1].Failed = status
			break
		}
	}
	f.bump()
	f.mu.Unlock()

	w.Header().Set("Content-Type", "application/json")
	if status == http.StatusTooManyRequests {
		w.Header().Set("X-RateLimit-Limit", "5")
		w.Header().Set("X-RateLimit-Remaining", "0")
		w.Header().Set("X-RateLimit-Reset-After", fmt.Sprint(retryAfter))
		w.Header().Set("X-RateLimit-Bucket", "fake-bucket")
		w.Header().Set("Retry-After", fmt.Sprint(int(retryAfter)+1))
		w.WriteHeader(status)
		fmt.Fprintf(w, `{"message":"You are being rate limited.","retry_after":%v,"global":false}`, retryAfter)
		return
	}
	if status != 0 {
		w.WriteHeader(status)
		fmt.Fprint(w, `{"message":"injected failure","code":0}`)
		return
	}
	parts := strings.Split(strings.Trim(path, "/"), "/")
	switch {
	case r.Method == "GET" && (path == "/gateway" || path == "/gateway/bot"):
		fmt.Fprintf(w, `{"url":"ws://%s/ws","shards":1}`, r.Host)
	case r.Method == "PUT" && parts[0] == "applications":
		w.Write(rec.Body) // the overwrite echoes the commands
	case r.Method == "POST" && parts[0] == "interactions":
		w.WriteHeader(http.StatusNoContent)
	case r.Method == "DELETE" && parts[0] == "webhooks":
		w.WriteHeader(http.StatusNoContent)
	case parts[0] == "webhooks":
		fmt.Fprintf(w, `{"id":"800000000000000001","channel_id":%q}`, testChan)
	case r.Method == "POST" && path == "/users/@me/channels":
		var body struct {
			RecipientID string `json:"recipient_id"`
		}
		_ = json.Unmarshal(rec.Body, &body)
		fmt.Fprintf(w, `{"id":"dm-%s","type":1}`, body.RecipientID)
	case r.Method == "POST" && parts[0] == "channels" && len(parts) == 3 && parts[2] == "messages":
		fmt.Fprintf(w, `{"id":"800000000000000002","channel_id":%q}`, parts[1])
	default:
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprint(w, `{"message":"Unknown route","code":0}`)
	}
}

// readBody records a JSON body, or a multipart body's payload_json and
// files.
func readBody(r *http.Request, rec *request) error {
	mt, params, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt != "multipart/form-data" {
		b, err := io.ReadAll(r.Body)
		rec.Body = b
		return err
	}
	mr := multipart.NewReader(r.Body, params["boundary"])
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		data, err := io.ReadAll(p)
		if err != nil {
			return err
		}
		if p.FormName() == "payload_json" {
			rec.Body = data
			continue
		}
		rec.Files = append(rec.Files, upload{Name: p.FileName(), ContentType: p.Header.Get("Content-Type"), Data: data})
	}
}

var upgrader = websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}

// serveGateway speaks the gateway: HELLO; IDENTIFY gets READY and RESUME
// gets RESUMED; heartbeats get ACKs; everything is recorded.
func (f *fake) serveGateway(w http.ResponseWriter, r *http.Request) {
	c, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	g := &gwConn{c: c}
	defer c.Close()
	if err := g.send(map[string]any{"op": 10, "d": map[string]any{"heartbeat_interval": 45000}}); err != nil {
		return
	}
	for {
		var fr frame
		if err := c.ReadJSON(&fr); err != nil {
			f.mu.Lock()
			g.closed = true
			g.clean = websocket.IsCloseError(err, websocket.CloseNormalClosure, websocket.CloseServiceRestart)
			f.bump()
			f.mu.Unlock()
			return
		}
		f.mu.Lock()
		f.frames = append(f.frames, fr)
		var reply any
		switch fr.Op {
		case 1:
			reply = map[string]any{"op": 11}
		case 2:
			f.seq++
			reply = map[string]any{"op": 0, "t": "READY", "s": f.seq, "d": map[string]any{
				"v": 9, "session_id": sessionID,
				"user":        map[string]any{"id": testBot, "username": "Nursling", "bot": true},
				"application": map[string]any{"id": testApp, "flags": 0},
				"guilds":      []any{},
			}}
			f.conns = append(f.conns, g)
		case 6:
			reply = map[string]any{"op": 0, "t": "RESUMED", "s": f.seq, "d": map[string]any{}}
			f.conns = append(f.conns, g)
		}
		f.bump()
		f.mu.Unlock()
		if reply != nil {
			if err := g.send(reply); err != nil {
				return
			}
		}
	}
}

// current returns the live gateway connection, waiting for one.
func (f *fake) current(t *testing.T) *gwConn {
	t.Helper()
	var g *gwConn
	f.until(t, "a gateway session", func() bool {
		if n := len(f.conns); n > 0 && !f.conns[n-1].closed {
			g = f.conns[n-1]
			return true
		}
		return false
	})
	return g
}

// dispatch sends an event to the client.
func (f *fake) dispatch(t *testing.T, typ string, d any) {
	t.Helper()
	g := f.current(t)
	f.mu.Lock()
	f.seq++
	seq := f.seq
	f.mu.Unlock()
	if err := g.send(map[string]any{"op": 0, "t": typ, "s": seq, "d": d}); err != nil {
		t.Fatalf("fake discord: dispatch %s: %v", typ, err)
	}
}

// drop cuts the live gateway connection without a close frame.
func (f *fake) drop(t *testing.T) {
	t.Helper()
	g := f.current(t)
	g.c.UnderlyingConn().Close()
}

// framesWithOp returns the recorded client frames with op.
func (f *fake) framesWithOp(op int) []frame {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []frame
	for _, fr := range f.frames {
		if fr.Op == op {
			out = append(out, fr)
		}
	}
	return out
}
