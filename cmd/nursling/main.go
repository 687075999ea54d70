// Command nursling is the Nursling chatbot: a terminal chat, one-shot and
// batch questions, the retrieval evaluation, guide tools, and the server
// that runs the Telegram and Discord adapters.
//
//	nursling chat                      talk to Nursling in the terminal
//	nursling ask [--json] [QUESTION]   one answer (or a JSON batch from stdin)
//	nursling eval --questions FILE     retrieval figures
//	nursling eval safety --messages FILE  red-flag figures
//	nursling guide list|lint           the curated guide
//	nursling serve --config FILE       run the chat adapters
//	nursling config check FILE         validate a config file
//	nursling backup FILE               consistent copy of the database
//	nursling report | feedback         what curators need
//	nursling import babybuddy|csv FILE  move a log in from Baby Buddy or an /export
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	_ "time/tzdata" // household time zones work on machines without zoneinfo

	_ "modernc.org/sqlite" // the feed log's SQLite driver
)

// errUsage marks a command-line mistake: exit code 2.
var errUsage = errors.New("usage")

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run executes one subcommand and returns the process exit code.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	cmds := map[string]func(context.Context, []string, io.Reader, io.Writer, io.Writer) error{
		"chat":     cmdChat,
		"ask":      cmdAsk,
		"eval":     cmdEval,
		"guide":    cmdGuide,
		"serve":    cmdServe,
		"config":   cmdConfig,
		"backup":   cmdBackup,
		"report":   cmdReport,
		"feedback": cmdFeedback,
		"import":   cmdImport,
		"migrate":  cmdMigrate,
	}
	name := args[0]
	if name == "-h" || name == "--help" || name == "help" {
		fmt.Fprint(stdout, usage)
		return 0
	}
	cmd, ok := cmds[name]
	if !ok {
		fmt.Fprintf(stderr, "nursling: unknown command %q\n\n%s", name, usage)
		return 2
	}
	if err := cmd(ctx, args[1:], stdin, stdout, stderr); err != nil {
		fmt.Fprintln(stderr, errorLine(name, err))
		if errors.Is(err, errUsage) {
			return 2
		}
		return 1
	}
	return 0
}

// errorLine is how a failed subcommand reports its error: "nursling
// serve: config: read x.yaml: ...", never with the subcommand's name twice
// ("nursling config: config: ...") when the error already starts with it.
func errorLine(name string, err error) string {
	msg := err.Error()
	if strings.HasPrefix(msg, name+": ") {
		return "nursling " + msg
	}
	return "nursling " + name + ": " + msg
}

const usage = `Nursling: breastfeeding answers and a feed log, in Telegram, Discord or a terminal.

Usage:
  nursling chat [--config FILE]                 chat in the terminal (no tokens needed)
  nursling ask [--json] [--config FILE] QUESTION
                                                one answer; with --json and no QUESTION,
                                                one JSON line per question read from stdin
  nursling eval --questions FILE [-v] [--baseline fts5]
                                                retrieval figures on a question file
  nursling eval safety --messages FILE [-v]     red-flag figures on a safety message file
  nursling guide list [--json]                  list the guide's articles
  nursling guide lint [DIR]                     validate a folder of articles
  nursling serve --config FILE [--log-format text|json]
                                                run the Telegram and Discord adapters
  nursling config check FILE                    validate a config file
  nursling backup [--config FILE] OUT.db        consistent copy of the SQLite database
                                                (PostgreSQL: use pg_dump)
  nursling migrate sqlite-to-postgres [--config FILE]
                                                copy the SQLite log in data_dir into the empty
                                                PostgreSQL database store.dsn_env names
  nursling report [--config FILE]               answers, feedback and no-matches per topic
  nursling feedback [--config FILE]             helpful / not helpful counts per topic
  nursling import babybuddy|csv [--config FILE] [--user PLATFORM:ID] [--tz ZONE] [--unit ml|oz] FILE.csv
                                                add feeds from a Baby Buddy export to a log
`
