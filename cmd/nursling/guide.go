package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"nursling/knowledge"
)

// cmdGuide lists or lints guide articles.
func cmdGuide(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return fmt.Errorf("%w: guide list [--json] | guide lint [DIR]", errUsage)
	}
	switch args[0] {
	case "list":
		fs := newFlags("guide list", stderr)
		asJSON := fs.Bool("json", false, "print JSON")
		if err := parseFlags(fs, args[1:]); err != nil {
			return err
		}
		lib, err := knowledge.LoadBuiltin()
		if err != nil {
			return err
		}
		if *asJSON {
			type item struct {
				Topic   string             `json:"topic"`
				Title   string             `json:"title"`
				Section string             `json:"section"`
				Urgent  bool               `json:"urgent,omitempty"`
				Sources []knowledge.Source `json:"sources"`
			}
			items := make([]item, 0, len(lib.Articles))
			for _, a := range lib.Articles {
				items = append(items, item{a.Topic, a.Title, a.Section, a.Urgent, a.Sources})
			}
			enc := json.NewEncoder(stdout)
			enc.SetIndent("", "  ")
			return enc.Encode(items)
		}
		for _, a := range lib.Articles {
			names := make([]string, len(a.Sources))
			for i, s := range a.Sources {
				names[i] = s.Name
			}
			fmt.Fprintf(stdout, "%-28s %s\n%-28s sources: %s\n", a.Topic, a.Title, "", strings.Join(names, "; "))
		}
		return nil
	case "lint":
		if len(args) > 2 {
			return fmt.Errorf("%w: guide lint [DIR]", errUsage)
		}
		if len(args) == 1 {
			lib, err := knowledge.LintBuiltin()
			if err != nil {
				return err
			}
			if err := lib.CheckExamples(); err != nil {
				return err
			}
			fmt.Fprintf(stdout, "ok: %d built-in articles\n", len(lib.Articles))
			return nil
		}
		dir := args[1]
		if info, err := os.Stat(dir); err != nil || !info.IsDir() {
			return fmt.Errorf("%s is not a folder", dir)
		}
		if err := knowledge.Lint(os.DirFS(dir)); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "ok: %s\n", dir)
		return nil
	}
	return fmt.Errorf("%w: unknown guide command %q (list or lint)", errUsage, args[0])
}
