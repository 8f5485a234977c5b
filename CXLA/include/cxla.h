// The C side of the XLA runtime: the PJRT C API header, which
// Scripts/bootstrap fetches from the xla-cpu-pjrt wheel, plus a loader.
#pragma once

#if !__has_include("pjrt_c_api.h")
#error "pjrt_c_api.h is missing: run Scripts/bootstrap to fetch it."
#endif
#include "pjrt_c_api.h"
#include "cxla_ffi.h"

/// Opens the PJRT plugin at `path` and returns its function table, or NULL
/// with `*error` set to a static or dlerror() message. A plugin is never
/// closed: PJRT clients and buffers may outlive any Swift owner.
const PJRT_Api *cxla_load_plugin(const char *path, const char **error);
