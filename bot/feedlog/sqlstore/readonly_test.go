//go:build unix

package sqlstore

import (
	"nursling/bot/feedlog"

	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

const roEnv = "FEEDLOG_TEST_READONLY_DIR"

// TestOpenReadOnlyDataDir proves a read-only data directory fails at Open
// with an error that names the directory and the problem, both when the
// database does not exist yet and when it does. Root ignores directory
// permissions, so as root the check runs in a child process as "nobody".
func TestOpenReadOnlyDataDir(t *testing.T) {
	for _, existing := range []bool{false, true} {
		name := "new database"
		if existing {
			name = "existing database"
		}
		t.Run(name, func(t *testing.T) {
			base := t.TempDir()
			ro := filepath.Join(base, "data")
			if err := os.Mkdir(ro, 0o755); err != nil {
				t.Fatal(err)
			}
			if existing {
				s := mustOpenStore(t, filepath.Join(ro, "nursling.db"), nil)
				mustLog(t, s, feedlog.User{Platform: "console", ID: "1"}, "1", feed(feedlog.Left, t0, 1))
				s.Close()
				for _, f := range []string{"nursling.db", "nursling.db-wal", "nursling.db-shm"} {
					os.Chmod(filepath.Join(ro, f), 0o444)
				}
			}
			if err := os.Chmod(ro, 0o555); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { os.Chmod(ro, 0o755) })

			if os.Geteuid() != 0 {
				checkReadOnlyOpen(t, ro)
				return
			}
			// Let "nobody" reach the directory and run a copy of the test
			// binary.
			// t.TempDir is base; its parent is the test's own temp root.
			for _, d := range []string{base, filepath.Dir(base)} {
				if err := os.Chmod(d, 0o755); err != nil {
					t.Fatal(err)
				}
			}
			bin := copyTestBinary(t, base)
			cmd := exec.Command(bin, "-test.run=^TestReadOnlyChild$", "-test.v")
			cmd.Env = append(os.Environ(), roEnv+"="+ro)
			cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
			out, err := cmd.CombinedOutput()
			if err != nil || !strings.Contains(string(out), "--- PASS: TestReadOnlyChild") {
				t.Fatalf("child as nobody: %v\n%s", err, out)
			}
			for _, line := range strings.Split(string(out), "\n") {
				if strings.Contains(line, "operator sees") {
					t.Log(strings.TrimSpace(line))
				}
			}
		})
	}
}

// TestReadOnlyChild is the child half of TestOpenReadOnlyDataDir.
func TestReadOnlyChild(t *testing.T) {
	dir := os.Getenv(roEnv)
	if dir == "" {
		t.Skip("helper process for TestOpenReadOnlyDataDir")
	}
	checkReadOnlyOpen(t, dir)
}

func checkReadOnlyOpen(t *testing.T, dir string) {
	t.Helper()
	s, err := Open(context.Background(), filepath.Join(dir, "nursling.db"), Options{})
	if err == nil {
		s.Close()
		t.Fatal("Open succeeded in a read-only data directory")
	}
	msg := err.Error()
	if !strings.Contains(msg, dir) || !strings.Contains(msg, "not writable") {
		t.Errorf("error %q should name the directory and say it is not writable", msg)
	}
	t.Logf("operator sees: %v", err)
}

// copyTestBinary copies the running test binary into dir (mode 0755) so
// another user can run it.
func copyTestBinary(t *testing.T, dir string) string {
	t.Helper()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	in, err := os.Open(self)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	dst := filepath.Join(dir, "feedlog.test")
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o755)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
	return dst
}
