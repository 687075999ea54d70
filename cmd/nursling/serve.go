package main

import (
	"context"
	"fmt"
	"io"
)

// cmdServe runs the chat adapters. (Adapters are wired as they land.)
func cmdServe(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlags("serve", stderr)
	cfgPath := fs.String("config", "", "config file")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	cfg, err := loadConfig(*cfgPath)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "config ok: telegram %s, discord %s\n", onOff(cfg.Telegram.Enabled), onOff(cfg.Discord.Enabled))
	return nil
}

func cmdBackup(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	return fmt.Errorf("not yet available")
}

func cmdReport(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	return fmt.Errorf("not yet available")
}

func cmdFeedback(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	return fmt.Errorf("not yet available")
}
