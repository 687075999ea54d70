package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"nursling/bot/feedlog"
	"nursling/bot/feedlog/sqlstore"
	"nursling/config"
)

// openAdminStore opens the configured store for an operator command; a
// SQLite database must exist already.
func openAdminStore(ctx context.Context, cfg config.Config, stderr io.Writer) (adminStore, error) {
	if cfg.Store.Driver != config.DriverPostgres {
		path := filepath.Join(cfg.DataDir, dbFile)
		if _, err := os.Stat(path); err != nil {
			return nil, fmt.Errorf("no database at %s (data_dir): %w", path, err)
		}
	}
	return openStore(ctx, cfg, slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn})), nil)
}

// cmdBackup writes a consistent copy of the database, safe while the bot
// runs (SQLite's VACUUM INTO).
func cmdBackup(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlags("backup", stderr)
	cfgPath := fs.String("config", "", "config file (for data_dir)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("%w: backup [--config FILE] OUT.db", errUsage)
	}
	out := fs.Arg(0)
	cfg, err := loadConfig(*cfgPath)
	if err != nil {
		return err
	}
	if cfg.Store.Driver == config.DriverPostgres {
		return errPgBackup
	}
	if _, err := os.Stat(out); err == nil {
		return fmt.Errorf("%s already exists; choose a new file name", out)
	}
	s, err := openAdminStore(ctx, cfg, stderr)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := s.Backup(ctx, out); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "backup written to %s\n", out)
	return nil
}

// cmdReport shows curators how each topic does: answers, feedback, and
// what the guide could not answer.
func cmdReport(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	return report(ctx, args, stdout, stderr, true)
}

// cmdFeedback prints helpful / not helpful counts per topic.
func cmdFeedback(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	return report(ctx, args, stdout, stderr, false)
}

func report(ctx context.Context, args []string, stdout, stderr io.Writer, full bool) error {
	name := "feedback"
	if full {
		name = "report"
	}
	fs := newFlags(name, stderr)
	cfgPath := fs.String("config", "", "config file (for data_dir)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	cfg, err := loadConfig(*cfgPath)
	if err != nil {
		return err
	}
	s, err := openAdminStore(ctx, cfg, stderr)
	if err != nil {
		return err
	}
	defer s.Close()
	rep, err := s.Report(ctx)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(stdout, 2, 4, 2, ' ', 0)
	if full {
		fmt.Fprintln(tw, "topic\tanswered\thelpful\tnot helpful")
		for _, t := range rep.Topics {
			if t.Topic == "" {
				continue
			}
			fmt.Fprintf(tw, "%s\t%d\t%d\t%d\n", t.Topic, t.Answered, t.Helpful, t.NotHelpful)
		}
	} else {
		fmt.Fprintln(tw, "topic\thelpful\tnot helpful")
		for _, t := range rep.Topics {
			if t.Helpful+t.NotHelpful > 0 {
				fmt.Fprintf(tw, "%s\t%d\t%d\n", t.Topic, t.Helpful, t.NotHelpful)
			}
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if !full {
		return nil
	}
	fmt.Fprintf(stdout, "\nquestions with no match: %d\n", rep.NoMatch)
	if len(rep.Unanswered) > 0 {
		fmt.Fprintln(stdout, "\nkept unanswered questions (last 30 days):")
		for _, u := range rep.Unanswered {
			fmt.Fprintf(stdout, "  %s  %s\n", u.At.Format("2006-01-02"), u.Text)
		}
	}
	return nil
}

// cmdImport moves a log in: Baby Buddy's feedings CSV (what `/export
// babybuddy` writes, and Baby Buddy's own export) or Nursling's own
// `/export` CSV. Rows the log already holds are left out and counted, so
// importing a file twice adds nothing twice.
func cmdImport(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	const importUsage = "import babybuddy|csv [--config FILE] [--user PLATFORM:ID] [--tz ZONE] [--unit ml|oz] FILE.csv"
	if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
		fmt.Fprintln(stdout, "usage: nursling "+importUsage)
		return nil
	}
	if len(args) == 0 || (args[0] != "babybuddy" && args[0] != "csv") {
		return fmt.Errorf("%w: %s", errUsage, importUsage)
	}
	format := args[0]
	fs := newFlags("import "+format, stderr)
	cfgPath := fs.String("config", "", "config file (for data_dir)")
	user := fs.String("user", "console:local", "whose log to add to: platform:user-id (the terminal chat's user is console:local)")
	tz := fs.String("tz", "", "time zone for times without an offset (default: feedlog.default_timezone)")
	unit := fs.String("unit", "", "the unit of Baby Buddy amounts, which the file does not say: ml or oz")
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("%w: give one CSV file", errUsage)
	}
	platform, id, ok := strings.Cut(*user, ":")
	if !ok || platform == "" || id == "" {
		return fmt.Errorf("%w: --user must be platform:id, like telegram:123456789", errUsage)
	}
	cfg, err := loadConfig(*cfgPath)
	if err != nil {
		return err
	}
	zone := cfg.FeedLog.DefaultTimezone
	if *tz != "" {
		zone = *tz
	}
	loc, err := time.LoadLocation(zone)
	if err != nil {
		return fmt.Errorf("%w: --tz %q is not a time zone like Europe/London", errUsage, zone)
	}
	f, err := os.Open(fs.Arg(0))
	if err != nil {
		return err
	}
	defer f.Close()
	var file feedlog.ImportFile
	if format == "csv" {
		file, err = feedlog.ReadCSV(f, loc)
	} else {
		file, err = feedlog.ReadBabyBuddy(f, feedlog.BabyBuddyOptions{Loc: loc, Unit: *unit})
		if errors.Is(err, feedlog.ErrUnitUnknown) {
			return fmt.Errorf("%w: Baby Buddy amounts have no unit; say which with --unit ml or --unit oz", errUsage)
		}
	}
	if err != nil {
		return err
	}
	logger := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	s, err := openStore(ctx, cfg, logger, nil)
	if err != nil {
		return err
	}
	defer s.Close()
	store, ok := s.(*sqlstore.Store)
	if !ok {
		return errors.New("import reads into the SQLite store; for PostgreSQL, import into SQLite and run nursling migrate sqlite-to-postgres")
	}
	u := feedlog.User{Platform: platform, ID: id}
	h, err := store.Household(ctx, u)
	if err != nil {
		return err
	}
	entries, unknownBaby := file.Entries(h)
	res, err := store.ImportNew(ctx, u, entries)
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, importSummary(res, file.Skipped, unknownBaby))
	return nil
}

// importSummary says what an import did: "imported 3 entries; skipped 8
// already in the log, 1 solid food (Nursling does not log it)".
func importSummary(res sqlstore.ImportResult, skipped map[string]int, unknownBaby int) string {
	line := fmt.Sprintf("imported %d %s", res.Added, plural(res.Added, "entry", "entries"))
	var why []string
	if res.Duplicates > 0 {
		why = append(why, fmt.Sprintf("%d %s", res.Duplicates, feedlog.SkipDuplicate))
	}
	reasons := make([]string, 0, len(skipped))
	for r := range skipped {
		reasons = append(reasons, r)
	}
	sort.Strings(reasons)
	for _, r := range reasons {
		why = append(why, fmt.Sprintf("%d %s", skipped[r], r))
	}
	if len(why) > 0 {
		line += "; skipped " + strings.Join(why, ", ")
	}
	if unknownBaby > 0 {
		line += fmt.Sprintf("; %d %s named a baby this log doesn't have, so %s added without a baby (add babies with /baby first to keep them apart)",
			unknownBaby, plural(unknownBaby, "row", "rows"), plural(unknownBaby, "it was", "they were"))
	}
	return line
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
