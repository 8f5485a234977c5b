#include "cxla.h"
#include <dlfcn.h>

typedef const PJRT_Api *(*cxla_get_api)(void);

const PJRT_Api *cxla_load_plugin(const char *path, const char **error) {
  void *handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
  if (!handle) {
    *error = dlerror();
    return NULL;
  }
  cxla_get_api get = (cxla_get_api)dlsym(handle, "GetPjrtApi");
  if (!get) {
    *error = "the library does not export GetPjrtApi, so it is not a PJRT plugin";
    return NULL;
  }
  const PJRT_Api *api = get();
  if (!api) *error = "GetPjrtApi returned no function table";
  else *error = NULL;
  return api;
}
