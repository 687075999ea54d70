// Package console is the terminal adapter: `nursling chat` reads one
// message per line from an input, passes it to the engine and writes the
// rendered reply. It ends cleanly at end of input, so it can be scripted
// (`printf 'sore nipples\n' | nursling chat`). Buttons are offered as
// numbered choices; a number keeps its meaning for the whole session (the
// first "More tips" is [1], and [1] is "More tips" from then on), so a
// tired parent's "1" never presses something else. Files (the week chart, an
// export) are saved into a folder and their path is printed.
package console

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"nursling/bot"
)

// Handler is the engine as the console sees it.
type Handler interface {
	Handle(ctx context.Context, m bot.Message) (bot.Reply, error)
}

// Options configure a console session.
type Options struct {
	In  io.Reader
	Out io.Writer
	// FilesDir is where attachments are saved (default: the current
	// directory).
	FilesDir string
	// Prompt is printed before each line when the input is a terminal.
	Prompt string
	// UserID names the terminal user in the feed log (default "local").
	UserID string
	Now    func() time.Time
	// Outbox, when set, holds due reminders; they are printed before the
	// next reply.
	Outbox *Outbox
}

// Run chats until the input ends or ctx is cancelled. It returns nil at end
// of input.
func Run(ctx context.Context, h Handler, opts Options) error {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.UserID == "" {
		opts.UserID = "local"
	}
	if opts.FilesDir == "" {
		opts.FilesDir = "."
	}
	sc := bufio.NewScanner(opts.In)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	var buttons []bot.Button
	keys := newShortcuts()
	n := 0
	for {
		if opts.Prompt != "" {
			fmt.Fprint(opts.Out, opts.Prompt)
		}
		if !sc.Scan() {
			break
		}
		if err := ctx.Err(); err != nil {
			return nil
		}
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		if line == "/quit" || line == "/exit" {
			return nil
		}
		n++
		m := bot.Message{
			Platform:  bot.Console,
			ID:        strconv.Itoa(n) + "-" + strconv.FormatInt(opts.Now().UnixNano(), 36),
			ChatID:    "console",
			UserID:    opts.UserID,
			Text:      line,
			At:        opts.Now(),
			Addressed: true,
		}
		if k, err := strconv.Atoi(line); err == nil && k >= 1 && len(line) <= 3 {
			data, ok := keys.press(k, buttons)
			if !ok {
				if _, err := io.WriteString(opts.Out, keys.missing(k, buttons)+"\n\n"); err != nil {
					return fmt.Errorf("console: write reply: %w", err)
				}
				continue
			}
			m.Text, m.Action = "", data
		}
		r, _ := h.Handle(ctx, m) // the reply already holds any error's words
		buttons = r.Buttons
		keys.learn(buttons)
		if err := write(opts, r, keys); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("console: read input: %w", err)
	}
	return nil
}

// saveNew writes data to dir/name, or to name-2, name-3, ... when a file
// of that name is there already (a second /export the same day never
// overwrites the first). It returns the path written.
func saveNew(dir, name string, data []byte) (string, error) {
	ext := filepath.Ext(name)
	base := strings.TrimSuffix(name, ext)
	for i := 1; i < 1000; i++ {
		path := filepath.Join(dir, name)
		if i > 1 {
			path = filepath.Join(dir, base+"-"+strconv.Itoa(i)+ext)
		}
		f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
		if os.IsExist(err) {
			continue
		}
		if err != nil {
			return "", err
		}
		_, werr := f.Write(data)
		if cerr := f.Close(); werr == nil {
			werr = cerr
		}
		return path, werr
	}
	return "", fmt.Errorf("too many files named %s", name)
}

func write(opts Options, r bot.Reply, keys *shortcuts) error {
	var b strings.Builder
	b.WriteString(writeDue(opts))
	render(&b, r, keys)
	for _, a := range r.Attachments {
		path, err := saveNew(opts.FilesDir, filepath.Base(a.Name), a.Data)
		if err != nil {
			fmt.Fprintf(&b, "(could not save %s: %v)\n", a.Name, err)
			continue
		}
		fmt.Fprintf(&b, "📎 saved %s\n", path)
	}
	b.WriteString("\n")
	_, err := io.WriteString(opts.Out, b.String())
	if err != nil {
		return fmt.Errorf("console: write reply: %w", err)
	}
	return nil
}

// Render writes a reply as plain terminal text, its buttons numbered in
// order.
func Render(w *strings.Builder, r bot.Reply) {
	keys := newShortcuts()
	keys.learn(r.Buttons)
	render(w, r, keys)
}

func render(w *strings.Builder, r bot.Reply, keys *shortcuts) {
	for _, b := range r.Blocks {
		switch b.Kind {
		case bot.Urgent:
			fmt.Fprintf(w, "⚠️  %s\n", strings.ToUpper(b.Title))
			writeText(w, b.Text)
			writeItems(w, b.Items)
		case bot.Title:
			fmt.Fprintf(w, "== %s ==\n", b.Text)
		case bot.List:
			if b.Title != "" {
				fmt.Fprintf(w, "%s:\n", b.Title)
			}
			writeText(w, b.Text)
			writeItems(w, b.Items)
		case bot.Sources:
			fmt.Fprintf(w, "%s:\n", b.Title)
			for _, l := range b.Links {
				fmt.Fprintf(w, "  - %s <%s>\n", l.Title, l.URL)
			}
		case bot.Footnote:
			fmt.Fprintf(w, "(%s)\n", b.Text)
		case bot.Pre:
			if b.Title != "" {
				fmt.Fprintf(w, "%s:\n", b.Title)
			}
			w.WriteString(b.Text)
			if !strings.HasSuffix(b.Text, "\n") {
				w.WriteString("\n")
			}
		default:
			if b.Title != "" {
				fmt.Fprintf(w, "%s:\n", b.Title)
			}
			writeText(w, b.Text)
		}
	}
	if len(r.Buttons) > 0 {
		w.WriteString("Reply with a number:")
		for _, bt := range r.Buttons {
			fmt.Fprintf(w, "  [%d] %s", keys.number(bt.Label), bt.Label)
		}
		w.WriteString("\n")
	}
}

func writeText(w *strings.Builder, s string) {
	if s != "" {
		w.WriteString(s)
		w.WriteString("\n")
	}
}

func writeItems(w *strings.Builder, items []string) {
	for _, it := range items {
		fmt.Fprintf(w, "  • %s\n", it)
	}
}
