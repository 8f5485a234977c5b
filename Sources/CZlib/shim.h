// zlib, for reading the gzipped idx files of MNIST and Fashion-MNIST
// (Debian: zlib1g-dev, installed by Scripts/bootstrap when missing).
#include <zlib.h>
