package mcp

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"strings"

	mcpgo "github.com/mark3labs/mcp-go/mcp"
	mcpserver "github.com/mark3labs/mcp-go/server"
)

// typedHandler binds a call's arguments into a fresh T (a struct with json
// tags) and runs fn with it. It does what mcp-go's NewTypedToolHandler
// does, with a different failure: mcp-go answers "failed to bind
// arguments: json: cannot unmarshal string into Go struct field
// orderbookArgs.token_ids of type []string", which names Go types a model
// has never seen; this one says which argument needs which JSON type
// (bindError). Integer arguments are bound as *float64 so that any JSON
// number binds and the handler can explain a range or fraction error.
func typedHandler[T any](fn mcpgo.TypedToolHandlerFunc[T]) mcpserver.ToolHandlerFunc {
	return func(ctx context.Context, req mcpgo.CallToolRequest) (*mcpgo.CallToolResult, error) {
		var args T
		if err := req.BindArguments(&args); err != nil {
			return mcpgo.NewToolResultError(bindError(err, reflect.TypeFor[T]())), nil
		}
		return fn(ctx, req, args)
	}
}

// bindError turns a JSON binding failure into a tool error in JSON's terms:
// "invalid arguments: token_ids must be an array of strings; got a string".
// It never echoes the value (a number literal can be megabytes long) and
// never names a Go type.
func bindError(err error, args reflect.Type) string {
	const prefix = "invalid arguments: "
	var te *json.UnmarshalTypeError
	if !errors.As(err, &te) {
		return prefix + "they must be a JSON object of the arguments the tool's input schema lists"
	}
	got := jsonKind(te.Value)
	name, _, _ := strings.Cut(te.Field, ".")
	field, ok := fieldByJSONName(args, name)
	if !ok {
		return prefix + "they must be a JSON object of the arguments the tool's input schema lists; got " + got
	}
	want := jsonTypeOf(field.Type)
	msg := prefix + name + " must be " + want + "; got " + got
	if t := deref(field.Type); t.Kind() == reflect.Slice && deref(te.Type) == deref(t.Elem()) {
		msg = prefix + name + " must be " + want + "; one of its items is " + got
	}
	return msg + " (" + argTypes(args) + ")"
}

// argTypes lists every argument of struct type t with the JSON type it
// takes, grouped by type in field order: "market_ids must be an array of
// strings; callback_type must be a string".
func argTypes(t reflect.Type) string {
	t = deref(t)
	var order []string
	names := map[string][]string{}
	for i := range t.NumField() {
		tag, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		if tag == "" || tag == "-" {
			continue
		}
		typ := jsonTypeOf(t.Field(i).Type)
		if names[typ] == nil {
			order = append(order, typ)
		}
		names[typ] = append(names[typ], tag)
	}
	parts := make([]string, 0, len(order))
	for _, typ := range order {
		n := names[typ]
		if len(n) == 1 {
			parts = append(parts, n[0]+" must be "+typ)
			continue
		}
		parts = append(parts, strings.Join(n[:len(n)-1], ", ")+" and "+n[len(n)-1]+" must be "+plural(typ))
	}
	return strings.Join(parts, "; ")
}

// plural turns "a string" into "strings", "an array of strings" into
// "arrays of strings".
func plural(typ string) string {
	typ = strings.TrimPrefix(strings.TrimPrefix(typ, "a "), "an ")
	if head, tail, ok := strings.Cut(typ, " of "); ok {
		return head + "s of " + tail
	}
	return typ + "s"
}

// jsonKind names the JSON value an UnmarshalTypeError met. Its Value is
// "string", "number", "bool", "array", "object", or "number <literal>"
// for a number out of range, whose literal is not repeated.
func jsonKind(v string) string {
	switch {
	case v == "string":
		return "a string"
	case v == "bool":
		return "a boolean"
	case v == "array":
		return "an array"
	case v == "object":
		return "an object"
	case v == "number":
		return "a number"
	case strings.HasPrefix(v, "number"):
		return "a number out of range"
	}
	return "a value of another type"
}

// jsonTypeOf says which JSON value binds to a Go type, as a model reads
// the schema: integer arguments are *float64 (see typedHandler).
func jsonTypeOf(t reflect.Type) string {
	t = deref(t)
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "a boolean"
	case reflect.Float32, reflect.Float64, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "an integer"
	case reflect.Slice, reflect.Array:
		return "an array of " + plural(jsonTypeOf(t.Elem()))
	}
	return "an object"
}

func deref(t reflect.Type) reflect.Type {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t
}

// fieldByJSONName finds the field of struct type t whose json tag is name.
func fieldByJSONName(t reflect.Type, name string) (reflect.StructField, bool) {
	t = deref(t)
	if t.Kind() != reflect.Struct || name == "" {
		return reflect.StructField{}, false
	}
	for i := range t.NumField() {
		f := t.Field(i)
		if tag, _, _ := strings.Cut(f.Tag.Get("json"), ","); tag == name {
			return f, true
		}
	}
	return reflect.StructField{}, false
}
