package web

import (
	"context"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"nursling/bot"
)

// chromiumPath finds Debian's chromium (or another Chromium build).
func chromiumPath() string {
	if p := os.Getenv("NURSLING_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// browser starts one headless Chromium for the test and returns a
// function that opens a new tab on it.
func browser(t *testing.T) func(t *testing.T) context.Context {
	t.Helper()
	if testing.Short() {
		t.Skip("browser tests start Chromium")
	}
	path := chromiumPath()
	if path == "" {
		t.Skip("no chromium binary found (apt-get install -y chromium, or set NURSLING_CHROMIUM): skipping the browser tests")
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()),
	)
	browserCtx, cancelBrowser := chromedp.NewContext(allocCtx)
	if err := chromedp.Do(browserCtx); err != nil {
		cancelBrowser()
		cancelAlloc()
		t.Fatalf("start chromium %s: %v", path, err)
	}
	t.Cleanup(func() { cancelBrowser(); cancelAlloc() })
	return func(t *testing.T) context.Context {
		tab, cancelTab := chromedp.NewContext(browserCtx)
		ctx, cancel := context.WithTimeout(tab, 60*time.Second)
		t.Cleanup(func() { cancel(); cancelTab() })
		// A script error (a CSP violation blocks the script and logs
		// one) fails the test.
		chromedp.Listen(ctx, func(ev any) {
			if e, ok := ev.(*runtime.EventExceptionThrown); ok {
				t.Errorf("script exception: %s", e.ExceptionDetails.Text)
			}
		})
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile)); err != nil {
			t.Fatal(err)
		}
		return ctx
	}
}

// screenshots is where the browser tests leave their pictures.
func screenshots(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "nursling-web-screenshots-")
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshots in %s", dir)
	return dir
}

func shoot(t *testing.T, ctx context.Context, dir, name string) {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Errorf("screenshot %s: %v", name, err)
		return
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		t.Error(err)
	}
}

func text(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		t.Fatalf("text of %s: %v", sel, err)
	}
	return s
}

func TestBrowser(t *testing.T) {
	tab := browser(t)
	dir := screenshots(t)
	ts := httptest.NewServer(engineServer(t, bot.RateLimit{}, nil))
	defer ts.Close()

	t.Run("ask and see the answer in place, then More tips", func(t *testing.T) {
		ctx := tab(t)
		err := chromedp.Do(ctx,
			chromedp.Navigate(ts.URL+"/"),
			chromedp.SendKeys(chromedp.CSS("#q"), "my nipples are cracked and sore"),
			chromedp.Click(chromedp.CSS("#ask button")),
			chromedp.WaitVisible(chromedp.CSS("#answers article.reply h2")),
		)
		if err != nil {
			t.Fatal(err)
		}
		loc, _ := chromedp.Run(ctx, chromedp.Location())
		if !strings.HasSuffix(loc, "/") {
			t.Errorf("location = %s: the script should have answered in place", loc)
		}
		if got := text(t, ctx, "#answers article.reply"); !strings.Contains(got, "Sources") || !strings.Contains(got, "not a diagnosis") {
			t.Errorf("answer lacks sources or the consult line: %.300s", got)
		}
		shoot(t, ctx, dir, "1-answer")
		err = chromedp.Do(ctx,
			chromedp.Click(chromedp.CSS(`#answers input[value^="more:"] + button`)),
			chromedp.WaitVisible(chromedp.CSS("#answers article.reply + article.reply")),
		)
		if err != nil {
			t.Fatalf("More tips: %v", err)
		}
		n, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("#answers article.reply").length`))
		if n != 2 {
			t.Errorf("%d replies after More tips, want 2", n)
		}
		shoot(t, ctx, dir, "2-more-tips")
	})

	t.Run("an urgent answer leads with get care now", func(t *testing.T) {
		ctx := tab(t)
		err := chromedp.Do(ctx,
			chromedp.Navigate(ts.URL+"/"),
			chromedp.SendKeys(chromedp.CSS("#q"), "my baby is floppy and won't wake up"),
			chromedp.Click(chromedp.CSS("#ask button")),
			chromedp.WaitVisible(chromedp.CSS("#answers article.reply .urgent")),
		)
		if err != nil {
			t.Fatal(err)
		}
		first, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("#answers article.reply > :not(.you)").className`))
		if first != "urgent" {
			t.Errorf("the answer starts with %q, want the urgent block", first)
		}
		shoot(t, ctx, dir, "1b-urgent")
	})

	t.Run("log a feed and see it in Today", func(t *testing.T) {
		ctx := tab(t)
		err := chromedp.Do(ctx,
			chromedp.Navigate(ts.URL+"/log"),
			chromedp.Click(chromedp.CSS(`input[name="entry"][value="fed left"] + button`)),
			chromedp.WaitVisible(chromedp.CSS("#answers article.reply")),
		)
		if err != nil {
			t.Fatal(err)
		}
		if got := text(t, ctx, "#answers article.reply"); !strings.Contains(got, "Logged") {
			t.Errorf("log reply = %q", got)
		}
		shoot(t, ctx, dir, "3-logged")
		if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`a[href="/today"]`)), chromedp.WaitVisible(chromedp.CSS("#answers article.reply"))); err != nil {
			t.Fatal(err)
		}
		if got := text(t, ctx, "#answers article.reply"); !strings.Contains(got, "Feeds: 1") {
			t.Errorf("today = %q, want one feed", got)
		}
		shoot(t, ctx, dir, "4-today")
	})

	t.Run("open an article", func(t *testing.T) {
		ctx := tab(t)
		err := chromedp.Do(ctx,
			chromedp.Navigate(ts.URL+"/guide"),
			chromedp.Click(chromedp.CSS(`a[href="/guide/latch"]`)),
			chromedp.WaitVisible(chromedp.CSS("article.article h1")),
		)
		if err != nil {
			t.Fatal(err)
		}
		if got := text(t, ctx, "article.article"); !strings.Contains(got, "Sources") {
			t.Errorf("article lacks sources: %.200s", got)
		}
		shoot(t, ctx, dir, "5-article")
	})

	t.Run("the form works without JavaScript", func(t *testing.T) {
		ctx := tab(t)
		if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
			t.Fatal(err)
		}
		err := chromedp.Do(ctx,
			chromedp.Navigate(ts.URL+"/"),
			chromedp.SendKeys(chromedp.CSS("#q"), "how long can pumped milk stay in the fridge"),
			chromedp.Submit(chromedp.CSS("#q")),
			chromedp.WaitVisible(chromedp.CSS("#answers article.reply h2")),
		)
		if err != nil {
			t.Fatal(err)
		}
		loc, _ := chromedp.Run(ctx, chromedp.Location())
		if !strings.HasSuffix(loc, "/ask") {
			t.Errorf("location = %s, want the /ask page (a plain form post)", loc)
		}
		shoot(t, ctx, dir, "6-no-javascript")
	})

	t.Run("dark theme follows the device", func(t *testing.T) {
		ctx := tab(t)
		bg := func(scheme string) string {
			_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
				Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
			})
			if err != nil {
				t.Fatal(err)
			}
			s, err := chromedp.Run(ctx, chromedp.Evaluate[string](`getComputedStyle(document.body).backgroundColor`))
			if err != nil {
				t.Fatal(err)
			}
			return s
		}
		if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+"/guide/latch")); err != nil {
			t.Fatal(err)
		}
		if got := bg("light"); got != "rgb(253, 251, 247)" {
			t.Errorf("light background = %s", got)
		}
		if got := bg("dark"); got != "rgb(18, 18, 18)" {
			t.Errorf("dark background = %s", got)
		}
		shoot(t, ctx, dir, "7-dark")
	})
}
