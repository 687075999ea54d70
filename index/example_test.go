package index_test

import (
	"context"
	"fmt"

	"nursling/index"
	"nursling/knowledge"
)

// Search reads parents' words (slang, typos) and says when the guide has
// nothing to offer.
func ExampleIndex_Search() {
	lib, err := knowledge.LoadBuiltin()
	if err != nil {
		panic(err)
	}
	ix, err := index.Build(context.Background(), lib)
	if err != nil {
		panic(err)
	}
	defer ix.Close()
	for _, q := range []string{"LO keeps popping off the boob", "mastitus??", "how long can EBM stay in the fridge", "best baby monitor"} {
		res, err := ix.Search(context.Background(), q)
		if err != nil {
			panic(err)
		}
		if res.NoMatch {
			fmt.Printf("%s -> no match\n", q)
			continue
		}
		fmt.Printf("%s -> %s\n", q, res.Hits[0].Topic)
	}
	// Output:
	// LO keeps popping off the boob -> latch
	// mastitus?? -> mastitis
	// how long can EBM stay in the fridge -> milk-storage
	// best baby monitor -> no match
}
