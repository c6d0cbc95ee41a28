package main

import "testing"

func TestNamesFollowEachLanguagesConvention(t *testing.T) {
	for _, c := range []struct{ in, snake, lower string }{
		{"GetChain", "get_chain", "getChain"},
		{"PutHTTPRoute", "put_http_route", "putHTTPRoute"},
		{"HTTPGet", "http_get", "httpGet"},
		{"ListV2Items", "list_v2_items", "listV2Items"},
		{"A", "a", "a"},
		{"URL", "url", "url"},
	} {
		if got := snakeCase(c.in); got != c.snake {
			t.Errorf("snakeCase(%q) = %q, want %q", c.in, got, c.snake)
		}
		if got := lowerFirst(c.in); got != c.lower {
			t.Errorf("lowerFirst(%q) = %q, want %q", c.in, got, c.lower)
		}
	}
	if got := camelCase("service_v2.proto"); got != "ServiceV2Proto" {
		t.Errorf("camelCase = %q", got)
	}
}
