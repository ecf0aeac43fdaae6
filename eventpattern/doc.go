// Package eventpattern matches events against Amazon EventBridge event
// patterns, following the syntax of the EventBridge User Guide pages
// "Amazon EventBridge event patterns", "Content filtering in Amazon
// EventBridge event patterns" and "Comparison operators for use in event
// patterns".
//
// # Usage
//
//	p, err := eventpattern.Parse([]byte(`{"source": ["aws.iam"], "detail": {"eventName": ["CreateUser"]}}`))
//	ev, err := eventpattern.ParseEvent(eventJSON) // decode once, match many patterns
//	if p.Matches(ev) { ... }
//
// # Syntax
//
// A pattern is a JSON object with the structure of the events it matches.
// A field whose pattern value is an object descends into the event's
// object; a field whose pattern value is an array is a leaf: the event's
// value matches when it matches any element of the array. Every field of
// the pattern must match (and); fields the pattern does not name are
// ignored. "$or": [PATTERN, ...] at any level matches when one of the
// alternatives matches.
//
// The elements of a leaf array are
//
//	"text", 12, true, null          exact values: strings compare exactly, numbers by
//	                                their JSON text (300 and 3.0e2 differ), null matches null
//	{"prefix": "us-"}               string starts with; {"prefix": {"equals-ignore-case": "us-"}}
//	{"suffix": ".png"}              string ends with; {"suffix": {"equals-ignore-case": ".PNG"}}
//	{"equals-ignore-case": "abc"}   string equal under Unicode case folding
//	{"wildcard": "dir/*.png"}       "*" matches any run of characters; "\*" and "\\" escape
//	{"anything-but": V}             any present value except V: a string, a number, a list of
//	                                strings or of numbers, or {"prefix"|"suffix"|"wildcard"|
//	                                "equals-ignore-case": ...}
//	{"numeric": [">", 0, "<=", 5]}  a JSON number in a range; operators =, <, <=, >, >=
//	{"exists": true|false}          the field is present (or absent) as a leaf
//	{"cidr": "10.0.0.0/24"}         a string IPv4 or IPv6 address inside the prefix
//
// When the event's value is an array, the field matches when any element
// matches (an event array of objects is searched element by element).
//
// # Limits
//
// Patterns are checked for the grammar above, with the JSON path of every
// error; some of EventBridge's service quotas (pattern size, number of
// values) are not enforced. An absent parent object counts as absent leaves
// ({"exists": false} below it matches). A field that holds an object where
// the pattern expects a leaf is absent for "exists", as the User Guide
// shows, and matches no other leaf matcher. "anything-but" with strings or
// numbers matches any present leaf value not listed (including null and
// values of the other type); its prefix, suffix, wildcard and
// equals-ignore-case forms match string values only.
package eventpattern
