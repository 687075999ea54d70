package logbook

import (
	"context"
	"flag"
	"fmt"
	"nursling/bot/chat"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
	_ "time/tzdata"

	_ "modernc.org/sqlite"

	"nursling/bot/feedlog"
	"nursling/bot/feedlog/sqlstore"
	"nursling/knowledge"
)

// update rewrites golden files: go test ./bot -run Golden -update
var update = flag.Bool("update", false, "rewrite flGolden files under testdata")

// The SQLite store implements the engine's Store.
var _ Store = (*sqlstore.Store)(nil)

// bookOpts are what a feed-log test sets up: the guide (for article
// references), a store, the feed log's options and a clock.
type bookOpts struct {
	Library *knowledge.Library
	Store   Store
	FeedLog Options
	Now     func() time.Time
}

func testBook(o bookOpts) (*Book, error) {
	return New(Deps{Store: o.Store, Library: o.Library, Now: o.Now}, o.FeedLog), nil
}

func flLibrary() *knowledge.Library {
	return &knowledge.Library{
		Sections: []knowledge.Section{{ID: "feeding", Title: "Feeding"}},
		Topics: []knowledge.Topic{
			{ID: "enough-milk", Kind: "guide", Section: "feeding"},
			{ID: "urgent-baby-feeding", Kind: "urgent", Section: "feeding"},
		},
		Articles: []*knowledge.Article{
			{Topic: "enough-milk", Title: "Is my baby getting enough milk?", Section: "feeding", Tips: []string{"Count nappies."}},
			{Topic: "urgent-baby-feeding", Title: "When a baby isn't feeding: get help now", Section: "feeding", Tips: []string{"Call."}, Urgent: true},
		},
	}
}

// flClock is a settable clock.
type flClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *flClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *flClock) Set(t time.Time) {
	c.mu.Lock()
	c.t = t
	c.mu.Unlock()
}

func (c *flClock) Add(d time.Duration) { c.Set(c.Now().Add(d)) }

func flLoc(tb testing.TB, name string) *time.Location {
	tb.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		tb.Fatal(err)
	}
	return loc
}

// flEnv is an engine over a real SQLite store in a temp dir.
type flEnv struct {
	tb    testing.TB
	e     *Book
	store *sqlstore.Store
	path  string
	clk   *flClock
	loc   *time.Location
	opts  bookOpts
	// wrap, when set, wraps the store the engine gets (fault injection).
	wrap func(*sqlstore.Store) Store
	mu   sync.Mutex
	next int
}

func newFLEnv(tb testing.TB, tweak ...func(*bookOpts)) *flEnv {
	tb.Helper()
	loc := flLoc(tb, "Europe/London")
	env := &flEnv{tb: tb, path: filepath.Join(tb.TempDir(), "nursling.db"), loc: loc,
		clk: &flClock{t: time.Date(2026, 11, 5, 14, 5, 0, 0, loc)}}
	env.opts = bookOpts{Library: flLibrary(), FeedLog: Options{TimeZone: "Europe/London"}, Now: env.clk.Now}
	for _, f := range tweak {
		f(&env.opts)
	}
	env.restart()
	return env
}

// restart closes and reopens the store and builds a new engine, as a
// process restart would.
func (env *flEnv) restart() {
	env.tb.Helper()
	if env.store != nil {
		env.store.Close()
	}
	s, err := sqlstore.Open(context.Background(), env.path, sqlstore.Options{Now: env.clk.Now})
	if err != nil {
		env.tb.Fatal(err)
	}
	env.tb.Cleanup(func() { s.Close() })
	env.store = s
	opts := env.opts
	opts.Store = s
	if env.wrap != nil {
		opts.Store = env.wrap(s)
	}
	e, err := testBook(opts)
	if err != nil {
		env.tb.Fatal(err)
	}
	env.e = e
}

// msg is a private Telegram message from user, sent now, with a fresh id.
func (env *flEnv) msg(user, text string) Message {
	env.mu.Lock()
	env.next++
	id := env.next
	env.mu.Unlock()
	return Message{Platform: Telegram, ID: fmt.Sprint(id), ChatID: "chat-" + user, UserID: user, Text: text, At: env.clk.Now(), Addressed: true}
}

// send routes a message the way Handle does for the feed log: a button,
// a /command, or free text.
func (env *flEnv) send(m Message) (Reply, bool, error) {
	ctx := context.Background()
	if m.Action != "" {
		return env.e.Action(ctx, m)
	}
	if strings.HasPrefix(m.Text, "/") {
		head, args, _ := strings.Cut(m.Text[1:], " ")
		return env.e.Command(ctx, m, strings.ToLower(head), strings.TrimSpace(args))
	}
	return env.e.FreeText(ctx, m)
}

// say sends text from user and fails the test on an error.
func (env *flEnv) say(user, text string) Reply {
	env.tb.Helper()
	r, ok, err := env.send(env.msg(user, text))
	if err != nil {
		env.tb.Fatalf("%q: %v", text, err)
	}
	if !ok {
		env.tb.Fatalf("%q: not handled by the feed log", text)
	}
	return r
}

// press presses a button as user.
func (env *flEnv) press(user, data string) Reply {
	env.tb.Helper()
	m := env.msg(user, "")
	m.Action = data
	r, ok, err := env.send(m)
	if err != nil || !ok {
		env.tb.Fatalf("press %q: ok %v err %v", data, ok, err)
	}
	return r
}

func (env *flEnv) entries(user string) []feedlog.Entry {
	env.tb.Helper()
	es, err := env.store.Entries(context.Background(), feedlog.User{Platform: string(Telegram), ID: user}, feedlog.Query{})
	if err != nil {
		env.tb.Fatal(err)
	}
	return es
}

// flRender writes a reply as plain text, for comparisons and flGolden files.
func flRender(r Reply) string {
	var b strings.Builder
	for _, bl := range r.Blocks {
		switch bl.Kind {
		case Title:
			b.WriteString("# " + bl.Text + "\n")
		case List:
			for _, it := range bl.Items {
				b.WriteString("- " + it + "\n")
			}
		case Pre:
			b.WriteString("```\n" + bl.Text + "\n```\n")
		case Footnote:
			b.WriteString("(" + bl.Text + ")\n")
		default:
			b.WriteString(bl.Text + "\n")
		}
	}
	for _, bt := range r.Buttons {
		b.WriteString("[" + bt.Label + "]")
	}
	if len(r.Buttons) > 0 {
		b.WriteString("\n")
	}
	for _, a := range r.Attachments {
		fmt.Fprintf(&b, "<attachment %s %s image=%v>\n", a.Name, a.MIME, a.Image)
	}
	return b.String()
}

// flFirst is the first text block of a reply.
func flFirst(r Reply) string {
	for _, b := range r.Blocks {
		if b.Text != "" {
			return b.Text
		}
	}
	return ""
}

func flButton(tb testing.TB, r Reply, label string) string {
	tb.Helper()
	for _, b := range r.Buttons {
		if b.Label == label {
			return b.Data
		}
	}
	tb.Fatalf("no button %q in %q", label, flRender(r))
	return ""
}

// flGolden compares got with testdata/name, or rewrites it with
// -update.
func flGolden(tb testing.TB, name string, got []byte) {
	tb.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		tb.Fatalf("%v (run with -update to create it)", err)
	}
	if string(want) != string(got) {
		tb.Errorf("%s differs from the flGolden file (run with -update if the change is intended)\n--- want\n%s\n--- got\n%s", path, want, got)
	}
}

// toldOrError is what the parent is told for err (a UserError's public
// text), or the error itself.
func toldOrError(err error) string {
	if public, ok := chat.PublicText(err); ok {
		return public
	}
	return err.Error()
}
