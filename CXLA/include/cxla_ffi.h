// The parts of two C ABIs that host callbacks need, declared here because
// neither header ships with the plugins:
// - the PJRT FFI extension (an entry of PJRT_Api's extension chain whose
//   type is PJRT_Extension_Type_FFI), version-1 layout, through which a
//   typed XLA FFI handler is registered for a custom-call target;
// - the XLA FFI call frame a typed handler receives (XLA FFI API 0.x).
// Every struct begins with its size, so newer plugins accept these layouts.
#pragma once

#include <stddef.h>
#include <stdint.h>
#include "pjrt_c_api.h"

/// Arguments of the extension's handler registration.
typedef struct CXLA_FFI_RegisterHandlerArgs {
  size_t struct_size;
  const char *target_name;
  size_t target_name_size;
  void *handler;  // a CXLA_FFI_Handler
  const char *platform_name;
  size_t platform_name_size;
  uint32_t traits;
} CXLA_FFI_RegisterHandlerArgs;

/// The FFI extension: its header, then three entry points.
typedef struct CXLA_FFI_Extension {
  PJRT_Extension_Base base;
  void *register_type;
  void *add_user_data;
  PJRT_Error *(*register_handler)(CXLA_FFI_RegisterHandlerArgs *args);
} CXLA_FFI_Extension;

/// An internal extension of a call frame (type 1: the metadata query).
typedef struct CXLA_FFI_FrameExtension {
  size_t struct_size;
  int32_t type;
  struct CXLA_FFI_FrameExtension *next;
} CXLA_FFI_FrameExtension;

/// An XLA FFI API version.
typedef struct CXLA_FFI_Version {
  size_t struct_size;
  CXLA_FFI_FrameExtension *extension_start;
  int32_t major_version;
  int32_t minor_version;
} CXLA_FFI_Version;

/// What a handler reports when XLA queries it at registration.
typedef struct CXLA_FFI_Metadata {
  size_t struct_size;
  CXLA_FFI_Version api_version;
  uint32_t traits;
} CXLA_FFI_Metadata;

/// The metadata query: a frame extension pointing at the metadata to fill.
typedef struct CXLA_FFI_MetadataQuery {
  CXLA_FFI_FrameExtension base;
  CXLA_FFI_Metadata *metadata;
} CXLA_FFI_MetadataQuery;

/// One buffer argument or result.
typedef struct CXLA_FFI_Buffer {
  size_t struct_size;
  CXLA_FFI_FrameExtension *extension_start;
  int32_t dtype;  // XLA's PrimitiveType numbering
  void *data;
  int64_t rank;
  int64_t *dims;
} CXLA_FFI_Buffer;

/// Arguments or results: kinds (1 = buffer) and pointers.
typedef struct CXLA_FFI_Values {
  size_t struct_size;
  CXLA_FFI_FrameExtension *extension_start;
  int64_t size;
  int32_t *types;
  void **values;
} CXLA_FFI_Values;

/// A string attribute's bytes (not NUL-terminated).
typedef struct CXLA_FFI_Bytes {
  const char *ptr;
  size_t len;
} CXLA_FFI_Bytes;

/// A scalar attribute.
typedef struct CXLA_FFI_Scalar {
  int32_t dtype;
  void *value;
} CXLA_FFI_Scalar;

/// Attributes: kinds (3 = scalar, 4 = string), names and values.
typedef struct CXLA_FFI_Attributes {
  size_t struct_size;
  CXLA_FFI_FrameExtension *extension_start;
  int64_t size;
  int32_t *types;
  CXLA_FFI_Bytes **names;
  void **values;
} CXLA_FFI_Attributes;

/// Arguments of the API's error constructor.
typedef struct CXLA_FFI_ErrorCreateArgs {
  size_t struct_size;
  CXLA_FFI_FrameExtension *extension_start;
  const char *message;
  int32_t code;
} CXLA_FFI_ErrorCreateArgs;

/// The start of the XLA FFI API table: enough to create an error.
typedef struct CXLA_FFI_Api {
  size_t struct_size;
  CXLA_FFI_FrameExtension *extension_start;
  CXLA_FFI_Version api_version;
  const void *internal_api;
  void *(*create_error)(CXLA_FFI_ErrorCreateArgs *args);
} CXLA_FFI_Api;

/// What a typed handler receives.
typedef struct CXLA_FFI_CallFrame {
  size_t struct_size;
  CXLA_FFI_FrameExtension *extension_start;
  const CXLA_FFI_Api *api;
  void *context;
  int32_t stage;  // 3 = execute
  CXLA_FFI_Values args;
  CXLA_FFI_Values rets;
  CXLA_FFI_Attributes attrs;
} CXLA_FFI_CallFrame;
