package telegram

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeBotAPI speaks just enough of the Bot API for the real library and
// adapter: it serves the methods the adapter uses, keeps a queue of updates
// for getUpdates (honouring offset and long-poll timeout), records every
// request, and fails requests on demand.
type fakeBotAPI struct {
	t     testing.TB
	srv   *httptest.Server
	token string

	mu      sync.Mutex
	calls   []apiCall
	updates []queuedUpdate
	// pushedTexts are the texts of every pushed message, for log checks.
	pushedTexts []string
	// ignoreOffsetOnce makes the next getUpdates return every queued
	// update regardless of offset: a redelivery the adapter must skip.
	ignoreOffsetOnce bool
	fail             func(c apiCall) *apiFailure
	nextMsg          int
	changed          chan struct{}
}

type queuedUpdate struct {
	id  int
	raw json.RawMessage
}

// apiCall is one recorded request.
type apiCall struct {
	Method string
	Params map[string]string
	Files  map[string]int // form field -> bytes
}

// apiFailure is a scripted error response.
type apiFailure struct {
	Status     int
	Desc       string
	RetryAfter int
	MigrateTo  int64
	// Raw replaces the JSON body (e.g. an HTML error page from a proxy).
	Raw string
}

const (
	testToken   = "123456:TEST-secret_token"
	testBotID   = 999
	testBotName = "NurslingBot"
)

func newFakeBotAPI(t testing.TB) *fakeBotAPI {
	fa := &fakeBotAPI{t: t, token: testToken, nextMsg: 1000, changed: make(chan struct{})}
	fa.srv = httptest.NewServer(http.HandlerFunc(fa.serve))
	t.Cleanup(fa.srv.Close)
	return fa
}

// endpoint is the library's URL format pointing at the fake.
func (fa *fakeBotAPI) endpoint() string { return fa.srv.URL + "/bot%s/%s" }

// push queues updates; each is a JSON object with an update_id.
func (fa *fakeBotAPI) push(updates ...map[string]any) {
	fa.mu.Lock()
	defer fa.mu.Unlock()
	for _, u := range updates {
		raw, err := json.Marshal(u)
		if err != nil {
			fa.t.Fatal(err)
		}
		fa.updates = append(fa.updates, queuedUpdate{id: u["update_id"].(int), raw: raw})
		for _, k := range []string{"message", "edited_message"} {
			if m, ok := u[k].(map[string]any); ok {
				if text, ok := m["text"].(string); ok && len(text) >= 10 {
					fa.pushedTexts = append(fa.pushedTexts, text)
				}
			}
		}
	}
	fa.notifyLocked()
}

// setFail installs a failure script: it sees every request (under the
// fake's lock) and returns a failure or nil.
func (fa *fakeBotAPI) setFail(f func(c apiCall) *apiFailure) {
	fa.mu.Lock()
	defer fa.mu.Unlock()
	fa.fail = f
}

func (fa *fakeBotAPI) notifyLocked() {
	close(fa.changed)
	fa.changed = make(chan struct{})
}

// callsTo returns the recorded requests of method, in order.
func (fa *fakeBotAPI) callsTo(method string) []apiCall {
	fa.mu.Lock()
	defer fa.mu.Unlock()
	var out []apiCall
	for _, c := range fa.calls {
		if c.Method == method {
			out = append(out, c)
		}
	}
	return out
}

// methods lists every recorded method but getUpdates, in order.
func (fa *fakeBotAPI) methods() []string {
	fa.mu.Lock()
	defer fa.mu.Unlock()
	var out []string
	for _, c := range fa.calls {
		if c.Method != "getUpdates" {
			out = append(out, c.Method)
		}
	}
	return out
}

// until blocks until cond holds for the recorded requests and reports
// whether it did. The deadline only keeps a broken test from hanging; no
// test asserts on timing. Safe to call from any goroutine.
func (fa *fakeBotAPI) until(cond func(calls []apiCall) bool) bool {
	deadline := time.After(15 * time.Second)
	for {
		fa.mu.Lock()
		ok := cond(fa.calls)
		ch := fa.changed
		fa.mu.Unlock()
		if ok {
			return true
		}
		select {
		case <-ch:
		case <-deadline:
			return false
		}
	}
}

// waitFor is until for the test goroutine: it fails the test on timeout.
func (fa *fakeBotAPI) waitFor(what string, cond func(calls []apiCall) bool) {
	fa.t.Helper()
	if !fa.until(cond) {
		fa.t.Fatalf("timed out waiting for %s; requests so far: %v", what, fa.methods())
	}
}

// waitCalls waits until method was called at least n times and returns
// those calls.
func (fa *fakeBotAPI) waitCalls(method string, n int) []apiCall {
	fa.t.Helper()
	fa.waitFor(fmt.Sprintf("%d %s", n, method), func(calls []apiCall) bool {
		return countMethod(calls, method) >= n
	})
	return fa.callsTo(method)
}

func countMethod(calls []apiCall, method string) int {
	k := 0
	for _, c := range calls {
		if c.Method == method {
			k++
		}
	}
	return k
}

func (fa *fakeBotAPI) serve(w http.ResponseWriter, r *http.Request) {
	prefix := "/bot" + fa.token + "/"
	if !strings.HasPrefix(r.URL.Path, prefix) {
		writeJSON(w, http.StatusUnauthorized, map[string]any{"ok": false, "error_code": 401, "description": "Unauthorized"})
		return
	}
	c := apiCall{Method: strings.TrimPrefix(r.URL.Path, prefix), Params: map[string]string{}, Files: map[string]int{}}
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		if err := r.ParseMultipartForm(10 << 20); err != nil {
			writeJSON(w, http.StatusBadRequest, map[string]any{"ok": false, "error_code": 400, "description": "Bad Request: bad multipart"})
			return
		}
		for k, v := range r.MultipartForm.Value {
			c.Params[k] = v[0]
		}
		for k, fhs := range r.MultipartForm.File {
			f, err := fhs[0].Open()
			if err == nil {
				n, _ := io.Copy(io.Discard, f)
				f.Close()
				c.Files[k] = int(n)
			}
		}
	} else {
		if err := r.ParseForm(); err != nil {
			writeJSON(w, http.StatusBadRequest, map[string]any{"ok": false, "error_code": 400, "description": "Bad Request: bad form"})
			return
		}
		for k, v := range r.PostForm {
			c.Params[k] = v[0]
		}
	}

	fa.mu.Lock()
	fa.calls = append(fa.calls, c)
	fa.notifyLocked()
	var failure *apiFailure
	if fa.fail != nil {
		failure = fa.fail(c)
	}
	fa.mu.Unlock()

	if failure != nil {
		if failure.Raw != "" {
			w.WriteHeader(failure.Status)
			io.WriteString(w, failure.Raw)
			return
		}
		body := map[string]any{"ok": false, "error_code": failure.Status, "description": failure.Desc}
		switch {
		case failure.RetryAfter > 0:
			body["parameters"] = map[string]any{"retry_after": failure.RetryAfter}
		case failure.MigrateTo != 0:
			body["parameters"] = map[string]any{"migrate_to_chat_id": failure.MigrateTo}
		}
		writeJSON(w, failure.Status, body)
		return
	}

	switch c.Method {
	case "getMe":
		ok(w, map[string]any{"id": testBotID, "is_bot": true, "first_name": "Nursling", "username": testBotName})
	case "getUpdates":
		fa.serveUpdates(w, r, c)
	case "sendMessage", "sendPhoto", "sendDocument":
		fa.mu.Lock()
		fa.nextMsg++
		id := fa.nextMsg
		fa.mu.Unlock()
		chat, _ := strconv.ParseInt(c.Params["chat_id"], 10, 64)
		ok(w, map[string]any{"message_id": id, "date": 1700000000, "chat": map[string]any{"id": chat, "type": "private"}, "text": c.Params["text"]})
	case "sendChatAction", "setMyCommands", "answerCallbackQuery", "setWebhook", "deleteWebhook", "editMessageReplyMarkup":
		ok(w, true)
	default:
		writeJSON(w, http.StatusNotFound, map[string]any{"ok": false, "error_code": 404, "description": "Not Found: method not found"})
	}
}

// serveUpdates answers getUpdates: the queued updates from offset on, or,
// when there are none, waits up to the long-poll timeout for some.
func (fa *fakeBotAPI) serveUpdates(w http.ResponseWriter, r *http.Request, c apiCall) {
	offset, _ := strconv.Atoi(c.Params["offset"])
	timeout, _ := strconv.Atoi(c.Params["timeout"])
	deadline := time.NewTimer(time.Duration(timeout) * time.Second)
	defer deadline.Stop()
	for {
		fa.mu.Lock()
		var out []json.RawMessage
		if fa.ignoreOffsetOnce {
			fa.ignoreOffsetOnce = false
			for _, u := range fa.updates {
				out = append(out, u.raw)
			}
		} else {
			// Asking for offset N confirms (drops) every update below N.
			fa.updates = slices.DeleteFunc(fa.updates, func(u queuedUpdate) bool { return u.id < offset })
			for _, u := range fa.updates {
				out = append(out, u.raw)
			}
		}
		ch := fa.changed
		fa.mu.Unlock()
		if len(out) > 0 {
			ok(w, out)
			return
		}
		select {
		case <-ch:
		case <-deadline.C:
			ok(w, []json.RawMessage{})
			return
		case <-r.Context().Done():
			return
		}
	}
}

func ok(w http.ResponseWriter, result any) {
	writeJSON(w, http.StatusOK, map[string]any{"ok": true, "result": result})
}

func writeJSON(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(body)
}
