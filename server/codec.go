package server

import (
	"fmt"

	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
)

// strictJSON is the JSON codec of the server: like Connect's default, except
// that an unknown field is an error. A misspelt field in a request from a
// hand-written OA client must not be dropped silently.
type strictJSON struct{}

func (strictJSON) Name() string { return "json" }

func (strictJSON) Marshal(v any) ([]byte, error) {
	m, ok := v.(proto.Message)
	if !ok {
		return nil, fmt.Errorf("json codec: %T is not a protobuf message", v)
	}
	return protojson.MarshalOptions{}.Marshal(m)
}

func (strictJSON) Unmarshal(data []byte, v any) error {
	m, ok := v.(proto.Message)
	if !ok {
		return fmt.Errorf("json codec: %T is not a protobuf message", v)
	}
	if len(data) == 0 {
		proto.Reset(m)
		return nil
	}
	return protojson.UnmarshalOptions{}.Unmarshal(data, m)
}
