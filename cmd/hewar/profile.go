package main

import (
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
	"time"
)

// Profiles for measuring hewar itself (docs/reliability.md): with
// HEWAR_CPUPROFILE=FILE the whole run is CPU-profiled, with
// HEWAR_MEMPROFILE=FILE the heap is written at exit, after a collection
// (what the run kept, not its peak), or, with HEWAR_MEMPROFILE_AFTER=D
// (a Go duration), D after the start: the heap in the middle of a crawl.
// Read them with `go tool pprof`.
func startProfiles() (stop func()) {
	var stops []func()
	if path := os.Getenv("HEWAR_CPUPROFILE"); path != "" {
		f, err := os.Create(path)
		if err != nil {
			fmt.Fprintln(os.Stderr, "hewar: HEWAR_CPUPROFILE:", err)
		} else if err := pprof.StartCPUProfile(f); err != nil {
			fmt.Fprintln(os.Stderr, "hewar: HEWAR_CPUPROFILE:", err)
			f.Close()
		} else {
			stops = append(stops, func() { pprof.StopCPUProfile(); f.Close() })
		}
	}
	if path := os.Getenv("HEWAR_MEMPROFILE"); path != "" {
		write := func() {
			f, err := os.Create(path)
			if err != nil {
				fmt.Fprintln(os.Stderr, "hewar: HEWAR_MEMPROFILE:", err)
				return
			}
			defer f.Close()
			runtime.GC()
			if err := pprof.WriteHeapProfile(f); err != nil {
				fmt.Fprintln(os.Stderr, "hewar: HEWAR_MEMPROFILE:", err)
			}
		}
		if d, err := time.ParseDuration(os.Getenv("HEWAR_MEMPROFILE_AFTER")); err == nil && d > 0 {
			t := time.AfterFunc(d, write)
			stops = append(stops, func() { t.Stop() })
		} else {
			stops = append(stops, write)
		}
	}
	return func() {
		for _, s := range stops {
			s()
		}
	}
}
