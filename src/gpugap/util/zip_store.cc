#include "gpugap/util/zip_store.h"

#include <zlib.h>

#include <algorithm>
#include <limits>

namespace gpugap {
namespace {

constexpr uint64_t kLimit = std::numeric_limits<uint32_t>::max();
// 1980-01-01 00:00 in MS-DOS form: the same samples make the same bytes.
constexpr uint16_t kDosTime = 0;
constexpr uint16_t kDosDate = (0 << 9) | (1 << 5) | 1;

void put16(std::string& out, uint32_t v) {
  out += static_cast<char>(v & 0xff);
  out += static_cast<char>((v >> 8) & 0xff);
}

void put32(std::string& out, uint32_t v) {
  put16(out, v & 0xffff);
  put16(out, v >> 16);
}

}  // namespace

bool ZipStore::add(std::string_view name, std::string_view data) {
  if (data.size() >= kLimit || written_ + 30 + name.size() + data.size() >= kLimit ||
      name.size() > 0xffff) {
    error_ = "the samples are too large for a .npz file (4 GiB at most): write .npy or CSV";
    return false;
  }
  Entry e;
  e.name = std::string(name);
  uLong crc = crc32(0L, Z_NULL, 0);
  // zlib takes a uInt length: feed large data in pieces.
  for (size_t at = 0; at < data.size(); at += 1u << 30) {
    size_t n = std::min<size_t>(data.size() - at, 1u << 30);
    crc = crc32(crc, reinterpret_cast<const Bytef*>(data.data() + at), static_cast<uInt>(n));
  }
  e.crc = static_cast<uint32_t>(crc);
  e.size = static_cast<uint32_t>(data.size());
  e.offset = static_cast<uint32_t>(written_);
  std::string header;
  put32(header, 0x04034b50);  // local file header
  put16(header, 20);          // version needed: 2.0
  put16(header, 0);           // flags
  put16(header, 0);           // method: stored
  put16(header, kDosTime);
  put16(header, kDosDate);
  put32(header, e.crc);
  put32(header, e.size);  // compressed size
  put32(header, e.size);  // uncompressed size
  put16(header, static_cast<uint32_t>(name.size()));
  put16(header, 0);  // extra field length
  header += name;
  out_.write(header.data(), static_cast<std::streamsize>(header.size()));
  out_.write(data.data(), static_cast<std::streamsize>(data.size()));
  written_ += header.size() + data.size();
  entries_.push_back(std::move(e));
  return true;
}

bool ZipStore::finish() {
  std::string directory;
  for (const Entry& e : entries_) {
    put32(directory, 0x02014b50);  // central directory header
    put16(directory, 20);          // version made by
    put16(directory, 20);          // version needed
    put16(directory, 0);           // flags
    put16(directory, 0);           // method: stored
    put16(directory, kDosTime);
    put16(directory, kDosDate);
    put32(directory, e.crc);
    put32(directory, e.size);
    put32(directory, e.size);
    put16(directory, static_cast<uint32_t>(e.name.size()));
    put16(directory, 0);  // extra
    put16(directory, 0);  // comment
    put16(directory, 0);  // disk
    put16(directory, 0);  // internal attributes
    put32(directory, 0);  // external attributes
    put32(directory, e.offset);
    directory += e.name;
  }
  if (entries_.size() > 0xffff || written_ + directory.size() + 22 >= kLimit) {
    error_ =
        "the samples are too large for a .npz file (4 GiB, 65535 arrays at most): write "
        ".npy or CSV";
    return false;
  }
  std::string end;
  put32(end, 0x06054b50);  // end of central directory
  put16(end, 0);           // this disk
  put16(end, 0);           // the directory's disk
  put16(end, static_cast<uint32_t>(entries_.size()));
  put16(end, static_cast<uint32_t>(entries_.size()));
  put32(end, static_cast<uint32_t>(directory.size()));
  put32(end, static_cast<uint32_t>(written_));
  put16(end, 0);  // comment length
  out_.write(directory.data(), static_cast<std::streamsize>(directory.size()));
  out_.write(end.data(), static_cast<std::streamsize>(end.size()));
  written_ += directory.size() + end.size();
  return true;
}

}  // namespace gpugap
