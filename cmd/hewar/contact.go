package main

import (
	"fmt"
	"net"
	"net/mail"
	"net/url"
	"regexp"
	"strings"

	"github.com/hewar-archive/hewar/fixtures"
)

// The operator's contact. As Heritrix does, hewar refuses to crawl a site
// without telling its operators how to reach the person running the crawl:
// a crawl of any host other than loopback needs --contact (an email address
// or a URL), or a --user-agent that holds one. The default User-Agent is
// then "hewar/VERSION (+CONTACT)".

// contactValue checks --contact and returns it as the User-Agent carries it:
// an email address as mailto:ADDRESS, a URL as given.
func contactValue(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	if u, err := url.Parse(s); err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" {
		return s, nil
	}
	addr := strings.TrimPrefix(s, "mailto:")
	if a, err := mail.ParseAddress(addr); err == nil && a.Address == addr && strings.Contains(addr[strings.IndexByte(addr, '@'):], ".") {
		return "mailto:" + addr, nil
	}
	return "", usageError{fmt.Sprintf("--contact %q is neither an email address (you@example.org) nor an http(s) URL", s)}
}

// contactInAgentRe finds a way to reach someone in a User-Agent: a URL or an
// email address.
var contactInAgentRe = regexp.MustCompile(`https?://[^\s;()]+|[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+`)

// userAgentFor is the User-Agent a crawl sends: --user-agent as given (with
// the contact added when it holds none), or hewar's own with the contact.
func userAgentFor(agent, contact string) string {
	switch {
	case agent == "" && contact == "":
		return hewarSoftware()
	case agent == "":
		return hewarSoftware() + " (+" + contact + ")"
	case contact != "" && !contactInAgentRe.MatchString(agent):
		return agent + " (+" + contact + ")"
	}
	return agent
}

// needsContact returns the first seed host that is not loopback: crawling it
// needs a contact. Crawls of the replica or of test servers on 127.0.0.1 do not.
func needsContact(seeds []string) string {
	for _, s := range seeds {
		u, err := url.Parse(s)
		if err != nil {
			continue
		}
		if !fixtures.IsLoopback(net.JoinHostPort(u.Hostname(), "0")) {
			return u.Hostname()
		}
	}
	return ""
}

// checkContact refuses, in one line that says what to add, a crawl of a
// host other than loopback that tells its operators no way to reach you.
func checkContact(seeds []string, agent string) error {
	host := needsContact(seeds)
	if host == "" || contactInAgentRe.MatchString(agent) {
		return nil
	}
	return usageError{fmt.Sprintf("crawling %s needs a way for its operators to reach you: add --contact you@example.org (or a URL), or a --user-agent that holds one", host)}
}
