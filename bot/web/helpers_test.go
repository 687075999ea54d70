package web

import (
	"context"
	"flag"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "modernc.org/sqlite"

	"nursling/bot"
	"nursling/bot/feedlog/sqlstore"
	"nursling/index"
	"nursling/knowledge"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

var testKey = []byte("test-session-key-0123456789abcdef")

// testID is a fixed visitor id (22 base64url characters).
const testID = "AAAAAAAAAAAAAAAAAAAAAA"

var testNow = time.Date(2026, 11, 25, 3, 0, 0, 0, time.UTC)

// scripted answers every message with one reply and records the messages.
type scripted struct {
	reply bot.Reply
	got   []bot.Message
}

func (s *scripted) Handle(ctx context.Context, m bot.Message) (bot.Reply, error) {
	s.got = append(s.got, m)
	return s.reply, nil
}

// fakeSearch finds the one test article for any query containing "drink".
type fakeSearch struct{}

func (fakeSearch) Search(ctx context.Context, q string) (knowledge.SearchResult, error) {
	if strings.Contains(q, "drink") {
		return knowledge.SearchResult{Hits: []knowledge.Hit{{Topic: "hydration", Title: "How much should I drink while breastfeeding?", Score: 1}}}, nil
	}
	return knowledge.SearchResult{NoMatch: true}, nil
}

func testLibrary(tb testing.TB) *knowledge.Library {
	tb.Helper()
	lib, err := knowledge.Load(os.DirFS("testdata/guide"), nil)
	if err != nil {
		tb.Fatal(err)
	}
	return lib
}

// newTestServer serves h over the small test guide, with fixed nonces.
func newTestServer(tb testing.TB, h Handler, opts Options) *Server {
	tb.Helper()
	if opts.Library == nil {
		opts.Library = testLibrary(tb)
	}
	if opts.Searcher == nil {
		opts.Searcher = fakeSearch{}
	}
	if opts.SessionKey == nil {
		opts.SessionKey = testKey
	}
	opts.Now = func() time.Time { return testNow }
	s, err := New(h, opts)
	if err != nil {
		tb.Fatal(err)
	}
	s.nonce = func() string { return "fixed-nonce-0000" }
	return s
}

// engineServer serves the real engine over the built-in guide, index and
// a fresh database.
func engineServer(tb testing.TB, rl bot.RateLimit, logger *slog.Logger) *Server {
	tb.Helper()
	ctx := context.Background()
	lib, err := knowledge.LoadBuiltin()
	if err != nil {
		tb.Fatal(err)
	}
	idx, err := index.Build(ctx, lib)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { idx.Close() })
	store, err := sqlstore.Open(ctx, filepath.Join(tb.TempDir(), "n.db"), sqlstore.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { store.Close() })
	eng, err := bot.New(bot.Options{Library: lib, Searcher: idx, Store: store, RateLimit: rl, FeedLog: bot.FeedLogOptions{TimeZone: "UTC"}, Logger: logger})
	if err != nil {
		tb.Fatal(err)
	}
	s, err := New(eng, Options{Library: lib, Searcher: idx, FeedLog: true, SessionKey: testKey, RateLimit: rl, CuratorToken: "curator-secret", Logger: logger})
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

// visitor is a browser with the fixed identity cookie.
type visitor struct {
	s      *Server
	cookie *http.Cookie
	addr   string
}

func newVisitor(s *Server) *visitor {
	return &visitor{s: s, cookie: s.ids.cookie(testID, cookieMaxAge), addr: "192.0.2.1:1234"}
}

func (v *visitor) get(tb testing.TB, path string) *httptest.ResponseRecorder {
	tb.Helper()
	req := httptest.NewRequest(http.MethodGet, path, nil)
	req.AddCookie(v.cookie)
	req.RemoteAddr = v.addr
	rec := httptest.NewRecorder()
	v.s.ServeHTTP(rec, req)
	return rec
}

// post sends a form with this visitor's CSRF token (unless vals sets one).
func (v *visitor) post(tb testing.TB, path string, vals url.Values, header ...string) *httptest.ResponseRecorder {
	tb.Helper()
	if vals == nil {
		vals = url.Values{}
	}
	if _, ok := vals["csrf"]; !ok {
		vals.Set("csrf", v.s.ids.csrf(testID))
	}
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(vals.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	req.AddCookie(v.cookie)
	req.RemoteAddr = v.addr
	rec := httptest.NewRecorder()
	v.s.ServeHTTP(rec, req)
	return rec
}

// golden compares got with testdata/name, rewriting it under -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from the golden file (go test ./bot/web -run %s -update to accept):\n%s", name, t.Name(), got)
	}
}

func newRecorder() *httptest.ResponseRecorder { return httptest.NewRecorder() }

func listen(tb testing.TB) net.Listener {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	return ln
}
