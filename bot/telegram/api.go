package telegram

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strings"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// The library makes its requests without a context and reports neither the
// HTTP status of upload failures nor anything but Telegram's description.
// Every call therefore runs on a shallow copy of the BotAPI whose client
// (callClient) attaches the call's context and notes the HTTP status.

// callClient is the HTTP client of one Bot API call.
type callClient struct {
	ctx    context.Context
	base   tgbotapi.HTTPClient
	status int
}

func (c *callClient) Do(req *http.Request) (*http.Response, error) {
	resp, err := c.base.Do(req.WithContext(c.ctx))
	if resp != nil {
		c.status = resp.StatusCode
	}
	return resp, err
}

// apiError is a failed Bot API call. Its text never contains the token:
// transport errors (which quote the request URL, token included) are
// redacted when the apiError is made, and the cause is not kept.
type apiError struct {
	Method string
	// Code is Telegram's error_code, else the HTTP status; 0 when no
	// response arrived.
	Code       int
	Desc       string
	RetryAfter time.Duration
	MigrateTo  int64
	// Transient errors (429, 5xx, network) are worth retrying.
	Transient bool
}

func (e *apiError) Error() string {
	if e.Code == 0 {
		return fmt.Sprintf("telegram: %s: %s", e.Method, e.Desc)
	}
	return fmt.Sprintf("telegram: %s: %d %s", e.Method, e.Code, e.Desc)
}

// apiCode returns err's Telegram code, 0 when err is not an apiError.
func apiCode(err error) int {
	var ae *apiError
	if errors.As(err, &ae) {
		return ae.Code
	}
	return 0
}

// redact removes the token from s in every form a URL may carry it.
func redact(s, token string) string {
	if token == "" {
		return s
	}
	for _, t := range []string{token, url.PathEscape(token), url.QueryEscape(token)} {
		s = strings.ReplaceAll(s, t, "<token>")
	}
	return s
}

// doFunc makes one request on the BotAPI it is given.
type doFunc func(api *tgbotapi.BotAPI) (*tgbotapi.APIResponse, error)

// callOnce makes one request with ctx. do receives the BotAPI to use.
func (a *Adapter) callOnce(ctx context.Context, method string, do doFunc) (json.RawMessage, error) {
	cc := &callClient{ctx: ctx, base: a.opts.HTTPClient}
	api := *a.api
	api.Client = cc
	resp, err := do(&api)
	if err == nil {
		if resp == nil {
			return nil, &apiError{Method: method, Desc: "empty response"}
		}
		return resp.Result, nil
	}
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	ae := &apiError{Method: method, Code: cc.status}
	var te *tgbotapi.Error
	if errors.As(err, &te) {
		if te.Code != 0 {
			ae.Code = te.Code
		}
		ae.Desc = redact(te.Message, a.opts.Token)
		ae.RetryAfter = time.Duration(te.RetryAfter) * time.Second
		ae.MigrateTo = te.MigrateToChatID
	} else {
		ae.Desc = redact(err.Error(), a.opts.Token)
		if ae.Code >= 200 && ae.Code < 300 {
			ae.Code = 0 // an unreadable success: count it as a network fault
		}
	}
	ae.Transient = ae.Code == 0 || ae.Code == http.StatusTooManyRequests || ae.Code >= 500 || ae.RetryAfter > 0
	return nil, ae
}

// call makes a request, retrying transient failures per the Retry policy:
// Attempts tries, then on until the waits add up to Outage. before, if
// set, runs before every attempt (the rate limiter).
func (a *Adapter) call(ctx context.Context, method string, before func(context.Context) error, do doFunc) (json.RawMessage, error) {
	r := a.opts.Retry
	var waited time.Duration
	for attempt := 1; ; attempt++ {
		if before != nil {
			if err := before(ctx); err != nil {
				return nil, err
			}
		}
		res, err := a.callOnce(ctx, method, do)
		if err == nil {
			return res, nil
		}
		var ae *apiError
		if !errors.As(err, &ae) || !ae.Transient || (attempt >= r.Attempts && waited >= r.Outage) {
			return nil, err
		}
		wait := backoff(r, attempt)
		if ae.RetryAfter > 0 {
			if ae.RetryAfter > r.MaxRetryAfter {
				return nil, err
			}
			wait = ae.RetryAfter
		}
		a.log.Debug("telegram: retrying", "method", method, "code", ae.Code, "attempt", attempt, "wait", wait)
		if a.opts.OnRetry != nil {
			a.opts.OnRetry()
		}
		if err := r.Sleep(ctx, wait); err != nil {
			return nil, err
		}
		waited += wait
	}
}

// backoff is the wait before try attempt+1: exponential with "equal
// jitter" (half fixed, half random), capped at MaxDelay.
func backoff(r Retry, attempt int) time.Duration {
	d := r.BaseDelay
	for i := 1; i < attempt && d < r.MaxDelay; i++ {
		d *= 2
	}
	d = min(d, r.MaxDelay)
	half := d / 2
	return half + rand.N(half+1)
}

// request returns a do func for MakeRequest with explicit params: the way
// to send fields newer than the library.
func request(method string, p tgbotapi.Params) doFunc {
	return func(api *tgbotapi.BotAPI) (*tgbotapi.APIResponse, error) {
		return api.MakeRequest(method, p)
	}
}

// upload returns a do func for a multipart upload with explicit params.
func upload(method string, p tgbotapi.Params, files []tgbotapi.RequestFile) doFunc {
	return func(api *tgbotapi.BotAPI) (*tgbotapi.APIResponse, error) {
		return api.UploadFiles(method, p, files)
	}
}

// chattable returns a do func for one of the library's request configs.
func chattable(c tgbotapi.Chattable) doFunc {
	return func(api *tgbotapi.BotAPI) (*tgbotapi.APIResponse, error) {
		return api.Request(c)
	}
}
