package server

import (
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"net/http"
)

// Kind is the class of an API error. Each kind has one HTTP status, one
// stable JSON code and one IAM error code; errorKinds is the one mapper
// every route (JSON API, Query API, UI) uses.
type Kind uint8

// The error kinds.
const (
	KindInternal        Kind = iota // a bug or an unexpected failure
	KindBadInput                    // a parameter is missing, malformed or out of range
	KindMalformedPolicy             // a policy document cannot be read
	KindNotFound                    // the model has no such entity
	KindUnknownAction               // the Query API action is not one this server answers
	KindUnauthorized                // no credentials, or a wrong token
	KindBadSignature                // a SigV4 signature that does not verify
	KindTooLarge                    // the request body is over the limit
	KindMethod                      // the HTTP method is not allowed on the route
	KindBusy                        // the queue is full: retry later
	KindUnavailable                 // no slot freed in time, or the server is shutting down
	KindTimeout                     // the request ran past its time limit
	kindCount
)

type kindInfo struct {
	status int
	code   string // JSON API code
	iam    string // IAM Query API error code
	sender bool   // IAM's <Type>Sender</Type> (else Receiver)
}

// errorKinds: the IAM codes are those of the IAM API Reference ("Common
// Errors", and the SimulateCustomPolicy / SimulatePrincipalPolicy errors
// InvalidInput 400, NoSuchEntity 404; MalformedPolicyDocument 400 as
// CreatePolicy reports it).
var errorKinds = [kindCount]kindInfo{
	KindInternal:        {http.StatusInternalServerError, "internal", "InternalFailure", false},
	KindBadInput:        {http.StatusBadRequest, "bad_input", "InvalidInput", true},
	KindMalformedPolicy: {http.StatusBadRequest, "malformed_policy", "MalformedPolicyDocument", true},
	KindNotFound:        {http.StatusNotFound, "not_found", "NoSuchEntity", true},
	KindUnknownAction:   {http.StatusBadRequest, "unknown_action", "InvalidAction", true},
	KindUnauthorized:    {http.StatusUnauthorized, "unauthorized", "MissingAuthenticationToken", true},
	KindBadSignature:    {http.StatusForbidden, "bad_signature", "SignatureDoesNotMatch", true},
	KindTooLarge:        {http.StatusRequestEntityTooLarge, "too_large", "RequestEntityTooLarge", true},
	KindMethod:          {http.StatusMethodNotAllowed, "method_not_allowed", "InvalidAction", true},
	KindBusy:            {http.StatusTooManyRequests, "busy", "Throttling", true},
	KindUnavailable:     {http.StatusServiceUnavailable, "unavailable", "ServiceUnavailable", false},
	KindTimeout:         {http.StatusServiceUnavailable, "timeout", "RequestTimeout", false},
}

// Error is an API error: its kind and a message for people.
type Error struct {
	Kind    Kind
	Message string
	Err     error
}

func (e *Error) Error() string { return e.Message }
func (e *Error) Unwrap() error { return e.Err }

// errorf returns an Error of kind k.
func errorf(k Kind, format string, args ...any) *Error {
	err := fmt.Errorf(format, args...)
	return &Error{Kind: k, Message: err.Error(), Err: errors.Unwrap(err)}
}

// asError classifies err: an *Error keeps its kind, anything else is internal.
func asError(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return &Error{Kind: KindInternal, Message: err.Error(), Err: err}
}

// Status is the HTTP status of an error.
func Status(err error) int { return errorKinds[asError(err).Kind].status }

// Code is the stable JSON API code of an error.
func Code(err error) string { return errorKinds[asError(err).Kind].code }

// jsonError is the JSON API error body.
type jsonError struct {
	Error jsonErrorBody `json:"error"`
}

type jsonErrorBody struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

func writeJSONError(w http.ResponseWriter, err error) {
	e := asError(err)
	info := errorKinds[e.Kind]
	if e.Kind == KindBusy {
		w.Header().Set("Retry-After", "1")
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(info.status)
	_ = json.NewEncoder(w).Encode(jsonError{Error: jsonErrorBody{Code: info.code, Message: e.Message}})
}

// iamErrorResponse is IAM's error XML ("Common Errors", Query API error
// responses): ErrorResponse/Error/{Type,Code,Message} and RequestId.
type iamErrorResponse struct {
	XMLName   xml.Name `xml:"ErrorResponse"`
	Xmlns     string   `xml:"xmlns,attr"`
	Error     iamError `xml:"Error"`
	RequestID string   `xml:"RequestId"`
}

type iamError struct {
	Type    string `xml:"Type"`
	Code    string `xml:"Code"`
	Message string `xml:"Message"`
}

func writeXMLError(w http.ResponseWriter, requestID string, err error) {
	e := asError(err)
	info := errorKinds[e.Kind]
	typ := "Receiver"
	if info.sender {
		typ = "Sender"
	}
	if e.Kind == KindBusy {
		w.Header().Set("Retry-After", "1")
	}
	writeXML(w, info.status, iamErrorResponse{Xmlns: iamNamespace, RequestID: requestID,
		Error: iamError{Type: typ, Code: info.iam, Message: e.Message}})
}

func writeXML(w http.ResponseWriter, status int, v any) {
	out, err := xml.Marshal(v)
	if err != nil {
		http.Error(w, "encode XML: "+err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/xml")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(xml.Header))
	_, _ = w.Write(out)
}
