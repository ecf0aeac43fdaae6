package policy

import (
	"encoding/base64"
	"fmt"
	"net/netip"
	"strconv"
	"strings"
	"time"
)

// dateLayouts are the ISO 8601 forms AWS accepts for Date conditions
// (IAM User Guide, "Date condition operators": "ISO 8601 date formats" or
// epoch seconds).
var dateLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05Z0700",
	"2006-01-02T15:04:05",
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04Z",
	"2006-01-02T15:04",
	"2006-01-02",
	"20060102T150405Z",
	"20060102",
}

// maxEpoch is 9999-12-31T23:59:59Z, the last second an ISO 8601 date with
// a four-digit year can name. Epoch seconds beyond it are refused rather
// than converted: time.Unix wraps values near 2^63 to dates in the past.
const maxEpoch = 253402300799

// ParseDate parses a Date condition value: "one of the W3C implementations
// of the ISO 8601 date formats or in epoch (UNIX) time" (IAM User Guide,
// "IAM JSON policy elements: Condition operators", Date condition
// operators). Epoch seconds run from 0 to maxEpoch; the ISO forms have a
// four-digit year.
func ParseDate(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s != "" && strings.Trim(s, "0123456789") == "" {
		secs, err := strconv.ParseInt(s, 10, 64)
		if err != nil || secs > maxEpoch {
			return time.Time{}, fmt.Errorf("epoch seconds %q are out of range: the latest date is 9999-12-31T23:59:59Z (%d)", s, maxEpoch)
		}
		return time.Unix(secs, 0).UTC(), nil
	}
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("expected an ISO 8601 date (2025-01-31T12:00:00Z) or epoch seconds, got %q", s)
}

// ParseBool parses a Bool or Null condition value: "true" or "false", in any case.
func ParseBool(s string) (bool, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "true":
		return true, nil
	case "false":
		return false, nil
	}
	return false, fmt.Errorf("expected \"true\" or \"false\", got %q", s)
}

// ParseCIDR parses an IpAddress value: an IPv4 or IPv6 address or CIDR block
// ("IP address condition operators": "the IPv4 or IPv6 address or range of
// IP addresses"). A bare address is a /32 (or /128).
//
// IPv4-mapped IPv6 (::ffff:a.b.c.d) is the IPv4 address it maps: requests
// from IPv4 compare as IPv4, so a mapped block of /96 or longer becomes
// the IPv4 block it holds (::ffff:10.0.0.0/104 is 10.0.0.0/8), as a bare
// mapped address already did. A zone (fe80::1%eth0) names an interface of
// one host, which no request context carries: it is refused, not dropped.
func ParseCIDR(s string) (netip.Prefix, error) {
	s = strings.TrimSpace(s)
	if strings.Contains(s, "%") {
		return netip.Prefix{}, fmt.Errorf("IPv6 zone in %q: expected an IP address or CIDR block without a %%zone", s)
	}
	if strings.Contains(s, "/") {
		p, err := netip.ParsePrefix(s)
		if err != nil {
			return netip.Prefix{}, fmt.Errorf("expected an IP address or CIDR block such as 203.0.113.0/24, got %q", s)
		}
		p = p.Masked()
		if p.Addr().Is4In6() && p.Bits() >= 96 {
			p = netip.PrefixFrom(p.Addr().Unmap(), p.Bits()-96)
		}
		return p, nil
	}
	a, err := ParseAddr(s)
	if err != nil {
		return netip.Prefix{}, fmt.Errorf("expected an IP address or CIDR block such as 203.0.113.0/24, got %q", s)
	}
	return netip.PrefixFrom(a, a.BitLen()), nil
}

// ParseAddr parses an IP address as a request carries one (aws:SourceIp):
// IPv4 or IPv6 without a zone, an IPv4-mapped address read as IPv4.
func ParseAddr(s string) (netip.Addr, error) {
	a, err := netip.ParseAddr(strings.TrimSpace(s))
	if err != nil || a.Zone() != "" {
		return netip.Addr{}, fmt.Errorf("expected an IPv4 or IPv6 address without a zone, such as 203.0.113.5, got %q", s)
	}
	return a.Unmap(), nil
}

// ParseBinary checks a BinaryEquals value: base64.
func ParseBinary(s string) ([]byte, error) {
	b, err := base64.StdEncoding.DecodeString(strings.TrimSpace(s))
	if err != nil {
		return nil, fmt.Errorf("expected a base64-encoded value, got %q", s)
	}
	return b, nil
}

// checkValue validates a literal condition value for its operator family.
func checkValue(f Family, s string) error {
	var err error
	switch f {
	case FamilyNumeric:
		_, err = ParseNumber(s)
	case FamilyDate:
		_, err = ParseDate(s)
	case FamilyBool, FamilyNull:
		_, err = ParseBool(s)
	case FamilyIP:
		_, err = ParseCIDR(s)
	case FamilyBinary:
		_, err = ParseBinary(s)
	case FamilyARN:
		if s != "*" && !strings.HasPrefix(s, "arn:") {
			err = fmt.Errorf("expected an ARN (arn:partition:service:region:account:resource, wildcards allowed), got %q", s)
		}
	}
	return err
}
