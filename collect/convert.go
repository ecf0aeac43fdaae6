package collect

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"reflect"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// The SDK's Go structs are not what the AWS CLI prints: their fields are
// pointers, their timestamps time.Time, IAM policy documents URL-encoded
// strings, and ECR and API Gateway members are camelCase on the wire and in
// the CLI. shape converts an SDK value to the CLI's JSON: member names are
// the Go field names (the SDK's code generator takes them from the API
// model's member names, capitalized), nil members are left out as the CLI
// leaves out members absent from the answer, and timestamps are printed as
// the AWS CLI v2 prints them by default (cli_timestamp_format iso8601:
// "2024-04-01T09:00:00+00:00").

// style says how one service's members are named and decoded.
type style struct {
	camel bool // members are camelCase (ECR, API Gateway)
	// iamDocs decodes IAM's policyDocumentType members, which the IAM API
	// returns URL-encoded (IAM API Reference, GetAccountAuthorizationDetails:
	// "The policy document returned ... is URL-encoded compliant with RFC 3986")
	// and the AWS CLI prints as JSON objects.
	iamDocs bool
}

var (
	pascal  = style{}
	iamDocs = style{iamDocs: true}
)

// iamDocMembers are IAM's members of type policyDocumentType.
var iamDocMembers = map[string]bool{"PolicyDocument": true, "AssumeRolePolicyDocument": true, "Document": true}

// object is a JSON object that keeps its members in order, as the CLI
// prints them in the order of the answer.
type object []member

type member struct {
	key string
	val any
}

func (o object) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, m := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		k, err := json.Marshal(m.key)
		if err != nil {
			return nil, err
		}
		b.Write(k)
		b.WriteByte(':')
		v, err := marshal(m.val)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", m.key, err)
		}
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

func marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(b.Bytes(), "\n"), nil
}

// encode renders a CLI answer as the AWS CLI prints it: indented by four
// spaces, non-ASCII and <>& left as they are.
func encode(v any) ([]byte, error) {
	raw, err := marshal(v)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := json.Indent(&b, raw, "", "    "); err != nil {
		return nil, err
	}
	b.WriteByte('\n')
	return b.Bytes(), nil
}

// obj builds a top-level answer from name/value pairs, leaving out nil values.
func obj(st style, kv ...any) (object, error) {
	var o object
	for i := 0; i+1 < len(kv); i += 2 {
		v, keep, err := st.value(reflect.ValueOf(kv[i+1]), kv[i].(string))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", kv[i], err)
		}
		if keep {
			o = append(o, member{kv[i].(string), v})
		}
	}
	return o, nil
}

var timeType = reflect.TypeOf(time.Time{})

// value converts one SDK value; keep is false for an absent member.
func (st style) value(v reflect.Value, name string) (any, bool, error) {
	if !v.IsValid() {
		return nil, false, nil
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return nil, false, nil
		}
		return st.value(v.Elem(), name)
	case reflect.Slice:
		if v.IsNil() {
			return nil, false, nil
		}
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return nil, false, fmt.Errorf("binary member %s is not collected", name)
		}
		list := make([]any, 0, v.Len())
		for i := 0; i < v.Len(); i++ {
			e, keep, err := st.value(v.Index(i), name)
			if err != nil {
				return nil, false, fmt.Errorf("[%d]: %w", i, err)
			}
			if keep {
				list = append(list, e)
			}
		}
		return list, true, nil
	case reflect.Map:
		if v.IsNil() {
			return nil, false, nil
		}
		o, err := st.mapValue(v)
		return o, err == nil, err
	case reflect.Struct:
		if v.Type() == timeType {
			return cliTime(v.Interface().(time.Time)), true, nil
		}
		o, err := st.structValue(v)
		return o, err == nil, err
	case reflect.String:
		s := v.String()
		if st.iamDocs && iamDocMembers[name] {
			doc, err := decodeIAMDocument(s)
			return doc, err == nil, err
		}
		return s, true, nil
	case reflect.Bool:
		return v.Bool(), true, nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return v.Int(), true, nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return v.Uint(), true, nil
	case reflect.Float32, reflect.Float64:
		return v.Float(), true, nil
	}
	return nil, false, fmt.Errorf("member %s: cannot print a %s", name, v.Type())
}

func (st style) structValue(v reflect.Value) (object, error) {
	t := v.Type()
	o := object{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() || f.Name == "ResultMetadata" {
			continue
		}
		// The SDK types enums as string values, "" when the answer had none.
		if f.Type.Kind() == reflect.String && v.Field(i).String() == "" {
			continue
		}
		val, keep, err := st.value(v.Field(i), f.Name)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f.Name, err)
		}
		if keep {
			o = append(o, member{st.name(f.Name), val})
		}
	}
	return o, nil
}

func (st style) mapValue(v reflect.Value) (object, error) {
	keys := make([]string, 0, v.Len())
	for _, k := range v.MapKeys() {
		keys = append(keys, k.String())
	}
	sort.Strings(keys)
	o := make(object, 0, len(keys))
	for _, k := range keys {
		val, keep, err := st.value(v.MapIndex(reflect.ValueOf(k).Convert(v.Type().Key())), k)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", k, err)
		}
		if keep {
			o = append(o, member{k, val})
		}
	}
	return o, nil
}

func (st style) name(goName string) string {
	if !st.camel {
		return goName
	}
	r, n := utf8.DecodeRuneInString(goName)
	return string(unicode.ToLower(r)) + goName[n:]
}

// cliTime prints a timestamp as Python's datetime.isoformat does for the
// AWS CLI: seconds, microseconds only when there are some, and the offset.
func cliTime(t time.Time) string {
	t = t.UTC()
	if t.Nanosecond()/1000 != 0 {
		return t.Format("2006-01-02T15:04:05.000000+00:00")
	}
	return t.Format("2006-01-02T15:04:05+00:00")
}

// decodeIAMDocument turns IAM's URL-encoded policy document into the JSON
// value the CLI prints. A document that is not JSON is kept as its decoded
// text rather than guessed at.
func decodeIAMDocument(s string) (any, error) {
	text := s
	if !strings.HasPrefix(strings.TrimSpace(s), "{") {
		// RFC 3986 percent-encoding: "+" is itself, a space is %20.
		d, err := url.PathUnescape(s)
		if err != nil {
			return nil, fmt.Errorf("policy document is not URL-encoded: %w", err)
		}
		text = d
	}
	var raw json.RawMessage
	if err := json.Unmarshal([]byte(text), &raw); err != nil {
		return text, nil
	}
	return raw, nil
}
