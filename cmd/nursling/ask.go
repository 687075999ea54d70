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
	Question    string          `json:"question"`
	Urgent      bool            `json:"urgent"`
	UrgentTopic string          `json:"urgent_topic"`
	NoMatch     bool            `json:"no_match"`
	Results     []knowledge.Hit `json:"results"`
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
	detector := redflag.New()
	answer := func(q string) ([]byte, error) {
		res, err := a.idx.Search(ctx, q)
		if err != nil {
			return nil, err
		}
		flag := detector.Detect(q)
		if flag.Tier != redflag.NoFlag {
			title := ""
			if a := a.lib.Article(flag.Topic); a != nil {
				title = a.Title
			}
			res = res.Lead(knowledge.Hit{Topic: flag.Topic, Title: title})
		}
		out := askJSON{Question: q, Urgent: flag.Tier != redflag.NoFlag, UrgentTopic: flag.Topic, NoMatch: res.NoMatch, Results: res.Hits}
		if out.Results == nil {
			out.Results = []knowledge.Hit{}
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
