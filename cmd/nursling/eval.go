package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"nursling/config"
	"nursling/evaluate"
)

// cmdEval runs a question file and prints the retrieval figures; with
// --baseline fts5 it runs the same questions on a plain SQLite FTS5 index
// of the same articles and prints both columns.
func cmdEval(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) > 0 && args[0] == "safety" {
		return cmdEvalSafety(ctx, args[1:], stdout, stderr)
	}
	fs := newFlags("eval", stderr)
	path := fs.String("questions", "", "question file (YAML: questions: [{q, expect, urgent}])")
	verbose := fs.Bool("v", false, "list every miss")
	baseline := fs.String("baseline", "", "also run a baseline: fts5")
	strict := fs.Bool("strict", false, "exit non-zero when a target is missed")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *path == "" {
		return fmt.Errorf("%w: --questions FILE is required", errUsage)
	}
	if *baseline != "" && *baseline != "fts5" {
		return fmt.Errorf("%w: --baseline must be fts5", errUsage)
	}
	qs, err := evaluate.LoadQuestions(*path)
	if err != nil {
		return err
	}
	cfg := config.Default()
	a, err := openApp(ctx, cfg, newLogger(stderr, "text", "warn"), appOptions{})
	if err != nil {
		return err
	}
	defer a.Close()
	judge := engineJudge(a.engine)
	flag := func(q string) string {
		j, err := judge(ctx, q)
		if err != nil || len(j.Topics) == 0 {
			return ""
		}
		return j.Topics[0]
	}
	reports := []evaluate.Report{}
	r, err := evaluate.Run(ctx, "nursling", a.idx, a.lib, flag, qs)
	if err != nil {
		return err
	}
	reports = append(reports, r)
	if *baseline == "fts5" {
		fts, err := evaluate.NewFTS5(ctx, a.lib)
		if err != nil {
			return err
		}
		defer fts.Close()
		br, err := evaluate.Run(ctx, "fts5", fts, a.lib, flag, qs)
		if err != nil {
			return err
		}
		reports = append(reports, br)
	}
	ok := evaluate.Print(stdout, reports...)
	if *verbose {
		fmt.Fprintln(stdout)
		evaluate.PrintMisses(stdout, r)
	}
	if *strict && !ok {
		return errors.New("a retrieval target was missed")
	}
	return nil
}
