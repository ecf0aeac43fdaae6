package cli

import (
	"net/http"
	"time"
)

// SetCollectTransport points `sekisho collect` at a fake AWS for tests.
func SetCollectTransport(endpoint string, client *http.Client, maxBackoff time.Duration) {
	collectTransport.endpoint, collectTransport.client, collectTransport.maxBackoff = endpoint, client, maxBackoff
}

// DiffAnswer is the type of sekisho diff's JSON answer, for the schema
// tests of package cli_test.
type DiffAnswer = diffOutput

// PlanAnswer is the type of sekisho plan's JSON answer, for the schema
// tests.
type PlanAnswer = planOutput
