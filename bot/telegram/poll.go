package telegram

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// poll receives updates by long polling until ctx ends. It is our own loop
// around getUpdates: the library's GetUpdatesChan confirms each update to
// Telegram before it is handled, ignores retry_after and cannot be stopped
// cleanly. Asking for offset N confirms every update below N, so the
// offset asked for is the tracker's mark: it never passes an update that
// is not handled and answered. Telegram therefore offers the updates in
// flight again with each poll; they are skipped, and a poll that brings
// nothing new waits for one to finish before asking again.
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
	failures := 0
	for {
		if err := s.track.waitBelow(ctx, maxInFlight); err != nil {
			return nil
		}
		raws, err := s.getUpdates(ctx, s.track.current()+1)
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			if c := apiCode(err); c == 401 || c == 404 {
				return fmt.Errorf("telegram: get updates: the bot token was rejected (%d)", c)
			}
			failures++
			if failures >= unreadyAfter {
				// One transient failure is routine; several in a row are
				// an outage the health check should show.
				s.ready.Store(false)
			}
			s.log.Warn("telegram: get updates failed", "err", err.Error(), "failures", failures)
			if err := s.opts.Retry.Sleep(ctx, pollWait(s.opts.Retry, failures, err)); err != nil {
				return nil
			}
			continue
		}
		if failures > 0 {
			s.log.Info("telegram: get updates recovered", "failures", failures)
		}
		failures = 0
		s.ready.Store(true)
		if s.take(raws) == 0 && len(raws) > 0 {
			// Only updates in flight: ask again once one is done.
			wctx, cancel := context.WithTimeout(ctx, idlePoll)
			s.track.waitChange(wctx)
			cancel()
		}
	}
}

// unreadyAfter is how many getUpdates failures in a row make the adapter
// report not ready.
const unreadyAfter = 3

// pollWait is the wait after a failed poll: the retry_after a 429 asks
// for (up to MaxRetryAfter), else the backoff.
func pollWait(r Retry, failures int, err error) time.Duration {
	var ae *apiError
	if errors.As(err, &ae) && ae.RetryAfter > 0 {
		return min(ae.RetryAfter, r.MaxRetryAfter)
	}
	return backoff(r, failures)
}

// idlePoll bounds the wait after a poll that brought only updates in
// flight, so new ones behind them are not held up for long.
const idlePoll = time.Second

// take registers a batch and queues its new updates; it returns how many
// were new. Every update of the batch is registered before any is queued,
// so the mark cannot move past one not yet registered.
func (s *session) take(raws []json.RawMessage) int {
	type item struct {
		u   incoming
		err error
	}
	var fresh []item
	var done []int
	for _, raw := range raws {
		u, err := decodeUpdate(raw)
		switch s.track.begin(u.UpdateID) {
		case stNew:
			fresh = append(fresh, item{u, err})
		case stDone:
			done = append(done, u.UpdateID)
		default:
			s.log.Debug("telegram: update still in flight", "update", u.UpdateID)
		}
	}
	for _, id := range done {
		s.log.Debug("telegram: skipping update already handled", "update", id)
		s.finish(id)
	}
	for _, it := range fresh {
		s.handle(it.u, it.err, nil)
	}
	return len(fresh)
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
