package main

import (
	"context"
	"fmt"
	"io"

	"nursling/config"
)

// cmdConfig validates a config file.
func cmdConfig(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) != 2 || args[0] != "check" {
		return fmt.Errorf("%w: config check FILE", errUsage)
	}
	cfg, err := config.Load(args[1])
	if err != nil {
		return err
	}
	if w := config.PermissionWarning(args[1]); w != "" {
		fmt.Fprintln(stderr, "warning:", w)
	}
	fmt.Fprintf(stdout, "ok: %s (telegram %s, discord %s, data in %s)\n", args[1], onOff(cfg.Telegram.Enabled), onOff(cfg.Discord.Enabled), cfg.DataDir)
	return nil
}

func onOff(b bool) string {
	if b {
		return "on"
	}
	return "off"
}
