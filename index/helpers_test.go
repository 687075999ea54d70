package index

import (
	"context"
	"testing"

	"nursling/knowledge"
)

// mustBuild builds the production index over the built-in guide.
func mustBuild(tb testing.TB) *Index {
	tb.Helper()
	lib, err := knowledge.LoadBuiltin()
	if err != nil {
		tb.Fatalf("load guide: %v", err)
	}
	ix, err := Build(context.Background(), lib)
	if err != nil {
		tb.Fatalf("build index: %v", err)
	}
	tb.Cleanup(func() { ix.Close() })
	return ix
}
