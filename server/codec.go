package server

import (
	"fmt"

	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
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

// strictProto is the binary codec of the server: like Connect's default,
// except that a field the schema does not know is an error, as in
// strictJSON, instead of being kept and stored.
type strictProto struct{}

func (strictProto) Name() string { return "proto" }

func (strictProto) Marshal(v any) ([]byte, error) {
	m, ok := v.(proto.Message)
	if !ok {
		return nil, fmt.Errorf("proto codec: %T is not a protobuf message", v)
	}
	return proto.Marshal(m)
}

// MarshalAppend lets Connect marshal a response into a pooled buffer
// instead of a new one each call.
func (strictProto) MarshalAppend(dst []byte, v any) ([]byte, error) {
	m, ok := v.(proto.Message)
	if !ok {
		return nil, fmt.Errorf("proto codec: %T is not a protobuf message", v)
	}
	return proto.MarshalOptions{}.MarshalAppend(dst, m)
}

func (strictProto) Unmarshal(data []byte, v any) error {
	m, ok := v.(proto.Message)
	if !ok {
		return fmt.Errorf("proto codec: %T is not a protobuf message", v)
	}
	if err := proto.Unmarshal(data, m); err != nil {
		return err
	}
	if !hasUnknown(m.ProtoReflect()) {
		return nil
	}
	if path := unknownField(m.ProtoReflect(), string(m.ProtoReflect().Descriptor().Name())); path != "" {
		return fmt.Errorf("请求含有未知字段：%s（unknown field in %s: the request was built from another schema）", path, path)
	}
	return nil
}

// hasUnknown reports whether a message or one it holds has fields the
// schema does not know: unknownField without building paths, which would
// cost a string for every field of every request.
func hasUnknown(m protoreflect.Message) bool {
	if len(m.GetUnknown()) > 0 {
		return true
	}
	found := false
	m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		switch {
		case fd.IsList() && fd.Message() != nil:
			for i := 0; i < v.List().Len() && !found; i++ {
				found = hasUnknown(v.List().Get(i).Message())
			}
		case fd.IsMap() && fd.MapValue().Message() != nil:
			v.Map().Range(func(_ protoreflect.MapKey, mv protoreflect.Value) bool {
				found = hasUnknown(mv.Message())
				return !found
			})
		case !fd.IsList() && !fd.IsMap() && fd.Message() != nil:
			found = hasUnknown(v.Message())
		}
		return !found
	})
	return found
}

// unknownField returns the path of the first message holding fields the
// schema does not know, or "".
func unknownField(m protoreflect.Message, path string) string {
	if len(m.GetUnknown()) > 0 {
		return path
	}
	var found string
	m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		sub := path + "." + string(fd.Name())
		switch {
		case fd.IsList() && fd.Message() != nil:
			for i := 0; i < v.List().Len() && found == ""; i++ {
				found = unknownField(v.List().Get(i).Message(), fmt.Sprintf("%s[%d]", sub, i))
			}
		case fd.IsMap() && fd.MapValue().Message() != nil:
			v.Map().Range(func(k protoreflect.MapKey, mv protoreflect.Value) bool {
				found = unknownField(mv.Message(), sub+"["+k.String()+"]")
				return found == ""
			})
		case !fd.IsList() && !fd.IsMap() && fd.Message() != nil:
			found = unknownField(v.Message(), sub)
		}
		return found == ""
	})
	return found
}
