// zlib: the gzipped idx files of MNIST and Fashion-MNIST, the deflated
// entries of .npz archives, CRC-32 (Debian: zlib1g-dev, installed by
// Scripts/bootstrap when missing).
#include <zlib.h>
