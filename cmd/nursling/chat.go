package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"nursling/bot"
	"nursling/bot/console"
	"nursling/config"
)

// cmdChat runs the terminal chat on the same engine as the platforms.
func cmdChat(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlags("chat", stderr)
	cfgPath := fs.String("config", "", "config file (optional; defaults work without one)")
	noLog := fs.Bool("no-log", false, "questions only: do not open the feed-log database")
	country := fs.String("country", "", "help numbers for urgent replies: GB, US, CA, AU, NZ or IE (overrides locale.country)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	cfg, err := loadConfig(*cfgPath)
	if err != nil {
		return err
	}
	if *country != "" {
		cfg.Locale.Country = strings.ToUpper(*country)
	}
	logger := newLogger(stderr, cfg.Log.Format, "warn")
	a, err := openApp(ctx, cfg, logger, appOptions{withStore: !*noLog})
	if err != nil {
		return err
	}
	defer a.Close()
	prompt := ""
	if f, ok := stdin.(*os.File); ok && isTerminal(f) {
		fmt.Fprintln(stdout, "Nursling: ask a breastfeeding question, or log a feed (\"fed left 15 min\"). /help for more, Ctrl-D to quit.")
		fmt.Fprintln(stdout, localeLine(cfg.Locale.Country))
		prompt = "> "
	}
	// Reminders set in the terminal are shown when it next prints.
	box := &console.Outbox{}
	ctx, stop := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = a.engine.RunReminders(ctx, map[bot.Platform]bot.Deliverer{bot.Console: box})
	}()
	defer func() { stop(); <-done }()
	return console.Run(ctx, a.engine, console.Options{In: stdin, Out: stdout, Prompt: prompt, Outbox: box})
}

// localeLine says whose help numbers urgent replies give, and how to
// change it.
func localeLine(country string) string {
	list := strings.Join(config.Countries(), ", ")
	if country == "" {
		return "Urgent replies give international help (findahelpline.com). For your country's numbers, run with --country (" + list + ") or set locale.country in the config."
	}
	return "Urgent replies give help numbers for " + country + " (change with --country or locale.country: " + list + ")."
}

// isTerminal reports whether f is a character device (an interactive
// terminal) rather than a pipe or file.
func isTerminal(f *os.File) bool {
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}
