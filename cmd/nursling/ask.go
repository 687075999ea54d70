package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"runtime"
	"strings"

	"nursling/bot"
	"nursling/bot/console"
	"nursling/bot/redflag"
	"nursling/knowledge"
)

// askJSON is one line of `nursling ask --json`.
type askJSON struct {
	Question string `json:"question"`
	// Tier is the most urgent flag's tier: now, today or none.
	Tier        string          `json:"tier"`
	Flags       []flagJSON      `json:"flags"`
	Urgent      bool            `json:"urgent"`
	UrgentTopic string          `json:"urgent_topic"`
	NoMatch     bool            `json:"no_match"`
	Results     []knowledge.Hit `json:"results"`
}

// flagJSON is one red flag the reply showed.
type flagJSON struct {
	Tier   string `json:"tier"`
	Topic  string `json:"topic"`
	Reason string `json:"reason"`
}

// askAssess answers q through the engine, the path of a chat message, and
// reports how it was judged.
//
// A question that the engine took for a feed-log entry or a command has no
// search result of its own; its results are then the index's, so a batch
// of questions always gets a ranking (the flags are still the engine's).
func askAssess(ctx context.Context, eng *bot.Engine, idx bot.Searcher, lib *knowledge.Library, q string) (askJSON, error) {
	_, as, err := eng.Inspect(ctx, bot.Message{Platform: bot.Console, ChatID: "ask", UserID: "ask", Text: q, Addressed: true})
	if err != nil {
		return askJSON{}, err
	}
	res := as.Result
	if !as.Answered {
		if res, err = idx.Search(ctx, q); err != nil {
			return askJSON{}, err
		}
	}
	out := askJSON{Question: q, Tier: redflag.NoFlag.String(), Flags: []flagJSON{}}
	for i := len(as.Flags) - 1; i >= 0; i-- {
		f := as.Flags[i]
		title := ""
		if a := lib.Article(f.Topic); a != nil {
			title = a.Title
		}
		res = res.Lead(knowledge.Hit{Topic: f.Topic, Title: title})
	}
	for _, f := range as.Flags {
		out.Flags = append(out.Flags, flagJSON{Tier: f.Tier.String(), Topic: f.Topic, Reason: f.Reason})
	}
	if len(as.Flags) > 0 {
		out.Tier, out.Urgent, out.UrgentTopic = as.Flags[0].Tier.String(), true, as.Flags[0].Topic
	}
	out.NoMatch, out.Results = res.NoMatch, res.Hits
	if out.Results == nil {
		out.Results = []knowledge.Hit{}
	}
	return out, nil
}

// cmdAsk prints one reply, or (--json without a question) answers one
// question per stdin line as JSON lines, flushing each.
func cmdAsk(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlags("ask", stderr)
	asJSON := fs.Bool("json", false, "print JSON (one object per question)")
	cfgPath := fs.String("config", "", "config file (optional)")
	explain := fs.Bool("explain", false, "show how the question was read and judged (for curators)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	question := strings.Join(fs.Args(), " ")
	if question == "" && !*asJSON {
		return fmt.Errorf("%w: give a question, e.g. nursling ask \"how often should a newborn feed\"", errUsage)
	}
	cfg, err := loadConfig(*cfgPath)
	if err != nil {
		return err
	}
	a, err := openApp(ctx, cfg, newLogger(stderr, cfg.Log.Format, "warn"), appOptions{})
	if err != nil {
		return err
	}
	defer a.Close()
	if *explain {
		out, err := a.idx.Explain(ctx, question)
		if err != nil {
			return err
		}
		_, err = io.WriteString(stdout, out)
		return err
	}
	if !*asJSON {
		r, _ := a.engine.Handle(ctx, bot.Message{Platform: bot.Console, ChatID: "ask", UserID: "ask", Text: question, Addressed: true})
		var b strings.Builder
		console.Render(&b, r)
		_, err := io.WriteString(stdout, b.String())
		return err
	}
	answer := func(q string) ([]byte, error) {
		out, err := askAssess(ctx, a.engine, a.idx, a.lib, q)
		if err != nil {
			return nil, err
		}
		b, err := json.Marshal(out)
		return append(b, '\n'), err
	}
	if question != "" {
		b, err := answer(question)
		if err != nil {
			return err
		}
		_, err = stdout.Write(b)
		return err
	}
	return answerLines(ctx, stdin, stdout, answer)
}

// answerLines answers one question per input line on every core and
// writes the answers in input order, flushing each as soon as it and all
// before it are ready (a batch interface for evaluation tools).
func answerLines(ctx context.Context, stdin io.Reader, stdout io.Writer, answer func(string) ([]byte, error)) error {
	type result struct {
		line []byte
		err  error
	}
	type job struct {
		q   string
		out chan result
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	jobs := make(chan job)
	order := make(chan chan result, 256)
	workers := max(1, runtime.GOMAXPROCS(0))
	for range workers {
		go func() {
			for j := range jobs {
				b, err := answer(j.q)
				j.out <- result{b, err}
			}
		}()
	}
	readErr := make(chan error, 1)
	go func() {
		defer close(order)
		defer close(jobs)
		sc := bufio.NewScanner(stdin)
		sc.Buffer(make([]byte, 64*1024), 1<<20)
		for sc.Scan() {
			ch := make(chan result, 1)
			select {
			case order <- ch:
			case <-ctx.Done():
				readErr <- nil
				return
			}
			select {
			case jobs <- job{sc.Text(), ch}:
			case <-ctx.Done():
				readErr <- nil
				return
			}
		}
		readErr <- sc.Err()
	}()
	w := bufio.NewWriter(stdout)
	for ch := range order {
		r := <-ch
		if r.err != nil {
			return r.err
		}
		w.Write(r.line)
		if len(order) == 0 {
			if err := w.Flush(); err != nil {
				return err
			}
		}
	}
	if err := w.Flush(); err != nil {
		return err
	}
	return <-readErr
}
