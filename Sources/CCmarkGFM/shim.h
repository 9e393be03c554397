#ifndef CCMARKGFM_SHIM_H
#define CCMARKGFM_SHIM_H

// A module map's header path is relative to its own folder, so the system headers are reached
// through this shim (pkg-config supplies the include path).
#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>

#endif
