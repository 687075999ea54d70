//go:build unix

// Package killtest runs the child half of a crash test: the test binary
// re-executed on one test function that writes and acknowledges as fast as
// it can, killed with SIGKILL at a random moment. The parent test then
// checks that everything acknowledged survived.
package killtest

import (
	"bufio"
	"math/rand/v2"
	"os"
	"os/exec"
	"syscall"
	"testing"
	"time"
)

// Round starts os.Args[0] running only the test named child, with env added
// to the environment, waits for its first line of output, lets it run for a
// random 20-270 ms more, kills it with SIGKILL and returns every line it
// printed (its acknowledgements).
func Round(tb testing.TB, child string, env []string, rng *rand.Rand) []string {
	tb.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^"+child+"$")
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.StdoutPipe()
	if err != nil {
		tb.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	lines := make(chan string, 4096)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			lines <- sc.Text()
		}
	}()
	var got []string
	select {
	case l, ok := <-lines:
		if !ok {
			cmd.Wait()
			tb.Fatalf("%s exited before acknowledging anything", child)
		}
		got = append(got, l)
	case <-time.After(10 * time.Second):
		cmd.Process.Kill()
		tb.Fatalf("%s did not start", child)
	}
	time.Sleep(time.Duration(20+rng.IntN(250)) * time.Millisecond)
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		tb.Fatal(err)
	}
	for l := range lines {
		got = append(got, l)
	}
	cmd.Wait()
	return got
}
