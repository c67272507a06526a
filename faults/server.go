package faults

import (
	"fmt"
	"net"
	"net/http"
	"time"
)

// Server serves a handler on 127.0.0.1 at a port of the system's choosing.
type Server struct {
	// URL is http://127.0.0.1:PORT, without a trailing slash.
	URL string

	srv *http.Server
	h   http.Handler
}

// NewServer serves h on 127.0.0.1 only. Close it when done.
func NewServer(h http.Handler) (*Server, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("faults: listen on loopback: %w", err)
	}
	s := &Server{
		URL: "http://" + ln.Addr().String(),
		srv: &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second},
		h:   h,
	}
	// Serve returns when Close is called; a caller sees any other failure
	// as failed requests.
	go s.srv.Serve(ln)
	return s, nil
}

// Close stops the server, ends every stall and closes every connection,
// taken over or not.
func (s *Server) Close() error {
	if fh, ok := s.h.(*Handler); ok {
		fh.Close()
	}
	return s.srv.Close()
}
