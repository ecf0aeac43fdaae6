package policy

import (
	"encoding/base64"
	"fmt"
	"math"
	"net/netip"
	"strconv"
	"strings"
	"time"
)

// ParseNumber parses a Numeric condition value: an integer or a decimal.
func ParseNumber(s string) (float64, error) {
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, fmt.Errorf("expected a number, got %q", s)
	}
	return f, nil
}

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

// ParseDate parses a Date condition value: ISO 8601, or epoch seconds.
func ParseDate(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s != "" && strings.Trim(s, "0123456789") == "" {
		secs, err := strconv.ParseInt(s, 10, 64)
		if err == nil {
			return time.Unix(secs, 0).UTC(), nil
		}
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

// ParseCIDR parses an IpAddress value: an IPv4 or IPv6 address or CIDR block.
// A bare address is a /32 (or /128).
func ParseCIDR(s string) (netip.Prefix, error) {
	s = strings.TrimSpace(s)
	if strings.Contains(s, "/") {
		p, err := netip.ParsePrefix(s)
		if err != nil {
			return netip.Prefix{}, fmt.Errorf("expected an IP address or CIDR block such as 203.0.113.0/24, got %q", s)
		}
		return p.Masked(), nil
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Prefix{}, fmt.Errorf("expected an IP address or CIDR block such as 203.0.113.0/24, got %q", s)
	}
	return netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()), nil
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
