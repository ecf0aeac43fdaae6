package server

import (
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"net/http"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
)

const sigV4Algorithm = "AWS4-HMAC-SHA256"

// maxClockSkew: AWS refuses a signature more than 15 minutes away from its
// clock (Signature Version 4, "Elements of an AWS API request signature").
const maxClockSkew = 15 * time.Minute

// authorize admits a request when:
//   - it is signed with SigV4 and keys are configured: the signature must
//     verify against the key it names;
//   - a token is configured: "Authorization: Bearer TOKEN" must match, or
//     the request must carry a verified signature;
//   - neither is configured (a loopback listener): anything, and a
//     signature is not checked, since SDKs always sign.
func (s *Server) authorize(r *http.Request, body []byte) error {
	auth := r.Header.Get("Authorization")
	if strings.HasPrefix(auth, sigV4Algorithm+" ") && len(s.cfg.Keys) > 0 {
		return verifySigV4(r, body, s.cfg.Keys, time.Now())
	}
	if s.cfg.Token == "" {
		if len(s.cfg.Keys) > 0 {
			return errorf(KindUnauthorized, "this server requires requests signed with SigV4 by a configured access key")
		}
		return nil
	}
	if tok, ok := strings.CutPrefix(auth, "Bearer "); ok &&
		subtle.ConstantTimeCompare([]byte(strings.TrimSpace(tok)), []byte(s.cfg.Token)) == 1 {
		return nil
	}
	if auth == "" {
		return errorf(KindUnauthorized, "this server requires a token: send \"Authorization: Bearer TOKEN\"")
	}
	return errorf(KindUnauthorized, "the token or credentials of the request are not accepted")
}

// sigV4Header is the parsed Authorization header of a SigV4 request.
type sigV4Header struct {
	accessKey, date, region, service string
	signedHeaders                    []string
	signature                        string
}

func parseSigV4(auth string) (sigV4Header, error) {
	var h sigV4Header
	rest := strings.TrimPrefix(auth, sigV4Algorithm+" ")
	for _, part := range strings.Split(rest, ",") {
		k, v, _ := strings.Cut(strings.TrimSpace(part), "=")
		switch k {
		case "Credential":
			scope := strings.Split(v, "/")
			if len(scope) != 5 || scope[4] != "aws4_request" {
				return h, errorf(KindBadSignature, "malformed SigV4 credential scope %q", v)
			}
			h.accessKey, h.date, h.region, h.service = scope[0], scope[1], scope[2], scope[3]
		case "SignedHeaders":
			h.signedHeaders = strings.Split(v, ";")
		case "Signature":
			h.signature = v
		}
	}
	if h.accessKey == "" || len(h.signedHeaders) == 0 || h.signature == "" {
		return h, errorf(KindBadSignature, "incomplete SigV4 Authorization header: Credential, SignedHeaders and Signature are required")
	}
	return h, nil
}

// verifySigV4 recomputes the signature of r with the SDK's own signer,
// from the headers the client signed, and compares.
func verifySigV4(r *http.Request, body []byte, keys map[string]string, now time.Time) error {
	h, err := parseSigV4(r.Header.Get("Authorization"))
	if err != nil {
		return err
	}
	secret, ok := keys[h.accessKey]
	if !ok {
		return &Error{Kind: KindBadSignature, Message: "the access key id " + h.accessKey + " is not configured on this server"}
	}
	when, err := time.Parse("20060102T150405Z", r.Header.Get("X-Amz-Date"))
	if err != nil {
		return errorf(KindBadSignature, "a SigV4 request needs an X-Amz-Date header such as 20260101T120000Z")
	}
	if !strings.HasPrefix(r.Header.Get("X-Amz-Date"), h.date) {
		return errorf(KindBadSignature, "the credential scope date %s is not the date of X-Amz-Date", h.date)
	}
	if d := now.Sub(when); d > maxClockSkew || d < -maxClockSkew {
		return errorf(KindBadSignature, "the signature is more than %s away from the server's clock", maxClockSkew)
	}
	clone, err := http.NewRequestWithContext(context.Background(), r.Method, "http://"+r.Host+r.URL.RequestURI(), bytes.NewReader(body))
	if err != nil {
		return errorf(KindBadSignature, "cannot rebuild the signed request: %v", err)
	}
	clone.Host = r.Host
	clone.ContentLength = int64(len(body))
	for _, name := range h.signedHeaders {
		if name == "host" || name == "content-length" {
			continue
		}
		if v, ok := r.Header[http.CanonicalHeaderKey(name)]; ok {
			clone.Header[http.CanonicalHeaderKey(name)] = v
		}
	}
	sum := sha256.Sum256(body)
	creds := aws.Credentials{AccessKeyID: h.accessKey, SecretAccessKey: secret, SessionToken: r.Header.Get("X-Amz-Security-Token")}
	if err := v4.NewSigner().SignHTTP(context.Background(), creds, clone, hex.EncodeToString(sum[:]), h.service, h.region, when); err != nil {
		return errorf(KindBadSignature, "cannot recompute the signature: %v", err)
	}
	want, err := parseSigV4(clone.Header.Get("Authorization"))
	if err != nil {
		return err
	}
	if subtle.ConstantTimeCompare([]byte(want.signature), []byte(h.signature)) != 1 {
		return errorf(KindBadSignature, "the request signature we calculated does not match the signature you provided")
	}
	return nil
}
