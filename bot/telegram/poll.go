package telegram

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// poll receives updates by long polling until ctx ends. It is our own loop
// around getUpdates: the library's GetUpdatesChan confirms each update to
// Telegram before it is handled, ignores retry_after and cannot be stopped
// cleanly. Asking for offset N confirms every update below N; the offset
// stored for restarts only moves once an update is handled (see tracker),
// and updates at or below it are skipped when redelivered.
func (s *session) poll(ctx context.Context) error {
	// A webhook left over from an earlier deployment makes getUpdates fail
	// with 409 Conflict for ever.
	if _, err := s.call(ctx, "deleteWebhook", nil, chattable(tgbotapi.DeleteWebhookConfig{})); err != nil {
		if ctx.Err() != nil {
			return nil
		}
		s.log.Warn("telegram: delete webhook failed", "err", err.Error())
	}
	s.ready.Store(true)
	next := s.track.current() + 1
	failures := 0
	for {
		if err := s.track.waitBelow(ctx, maxInFlight); err != nil {
			return nil
		}
		raws, err := s.getUpdates(ctx, next)
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			if c := apiCode(err); c == 401 || c == 404 {
				return fmt.Errorf("telegram: get updates: the bot token was rejected (%d)", c)
			}
			failures++
			s.ready.Store(false)
			s.log.Warn("telegram: get updates failed", "err", err.Error(), "failures", failures)
			if err := s.opts.Retry.Sleep(ctx, backoff(s.opts.Retry, failures)); err != nil {
				return nil
			}
			continue
		}
		if failures > 0 {
			s.log.Info("telegram: get updates recovered", "failures", failures)
		}
		failures = 0
		s.ready.Store(true)
		for _, raw := range raws {
			u, err := decodeUpdate(raw)
			if u.UpdateID >= next {
				next = u.UpdateID + 1
			}
			s.accept(u, err)
		}
	}
}

// getUpdates makes one long poll for updates from offset on.
func (s *session) getUpdates(ctx context.Context, offset int) ([]json.RawMessage, error) {
	cfg := tgbotapi.UpdateConfig{
		Offset:         offset,
		Limit:          100,
		Timeout:        int(s.opts.PollTimeout / time.Second),
		AllowedUpdates: allowedUpdates(),
	}
	pctx, cancel := context.WithTimeout(ctx, s.opts.PollTimeout+pollSlack)
	defer cancel()
	res, err := s.callOnce(pctx, "getUpdates", chattable(cfg))
	if err != nil {
		return nil, err
	}
	var raws []json.RawMessage
	if err := json.Unmarshal(res, &raws); err != nil {
		return nil, &apiError{Method: "getUpdates", Desc: "unreadable result", Transient: true}
	}
	return raws, nil
}
