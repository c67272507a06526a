package warc_test

import (
	"runtime"
	"strconv"
)

type runtimeMemStats struct{ m runtime.MemStats }

// heapInUse returns the live heap after a collection.
func (s *runtimeMemStats) heapInUse() uint64 {
	runtime.GC()
	runtime.ReadMemStats(&s.m)
	return s.m.HeapInuse
}

func itoa(i int) string { return strconv.Itoa(i) }
