package faults_test

import (
	"fmt"
	"net/http"

	"github.com/hewar-archive/hewar/faults"
)

// A path that fails twice, then works: what a crawler's retries must get past.
func Example() {
	h := faults.New(nil)
	srv, err := faults.NewServer(h)
	if err != nil {
		panic(err)
	}
	defer srv.Close()
	for range 3 {
		resp, err := http.Get(srv.URL + faults.Paths()[faults.Burst])
		if err != nil {
			panic(err)
		}
		resp.Body.Close()
		fmt.Println(resp.StatusCode)
	}
	fmt.Println(h.Injected()[faults.Burst], "faults injected")
	// Output:
	// 500
	// 502
	// 200
	// 2 faults injected
}
