// redflag CLI: `redflag batch`'s pipeline (see batch.hpp). Every thread, the calling one among
// them, takes the next chunk of whole records from the inputs (under a lock), parses, evaluates
// and formats it, and writes it when it is the next in input order; a chunk finished before the
// ones ahead of it waits in a list for the thread that writes the one before it. So a chunk's
// input and output stay in the cache of the core that works on it, and --threads N runs N
// threads, no reader or writer besides. A fixed pool of chunks bounds memory whatever the input
// size.
#include <algorithm>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "batch.hpp"

namespace redflag::cli::batch {
namespace {

/// A chunk of records on its way through the pipeline. Aligned so that two jobs share no cache
/// line.
struct alignas(64) Job {
  std::size_t number = 0;  // its place in input order
  const io::Layout* layout = nullptr;
  std::string_view input;  // its name, for the output's input column
  io::Chunk chunk;
  std::uint64_t consumed = 0;  // the input bytes read up to its end, for the progress bar
  std::string out;
  std::string packed;  // `out` as a gzip member, for a compressed output
  Tally tally;
};

/// What a thread keeps between chunks: a parser, a Result, scratch text.
class Worker {
 public:
  Worker(const Ruleset& ruleset, const RecordFormatter& formatter, EvaluateOptions options,
         bool compress)
      : ruleset_(ruleset), formatter_(formatter), options_(options) {
    if (compress) gzip_ = std::make_unique<GzipMember>();
  }

  void process(Job& job) {
    if (job.layout != layout_) {
      parser_ = std::make_unique<io::RecordParser>(*job.layout);
      layout_ = job.layout;
    }
    parser_->reset(job.chunk);
    job.out.clear();
    job.tally.reset(ruleset_);
    io::Record record;
    while (parser_->next(record)) {
      const bool answered = record.answers->ok();
      if (answered) ruleset_.evaluate(*record.answers, result_, options_);
      formatter_.write(job.input, record, result_, job.out);
      if (answered && result_.ok()) {
        job.tally.count(result_);
      } else {
        job.tally.count_error(job.input, record, result_);
      }
    }
    // A compressed output: each thread compresses what it formatted, so compression scales
    // with the threads too.
    if (gzip_) gzip_->compress(job.out, job.packed);
  }

 private:
  const Ruleset& ruleset_;
  RecordFormatter formatter_;  // a copy: it keeps scratch space
  EvaluateOptions options_;
  const io::Layout* layout_ = nullptr;
  std::unique_ptr<io::RecordParser> parser_;
  Result result_;
  std::unique_ptr<GzipMember> gzip_;
};

class Pipeline {
 public:
  Pipeline(const Ruleset& ruleset, const RecordFormatter& formatter, EvaluateOptions options,
           std::vector<Source>& sources, Output& output, Progress& progress, Tally& tally)
      : ruleset_(ruleset),
        formatter_(formatter),
        options_(options),
        sources_(sources),
        output_(output),
        progress_(progress),
        tally_(tally) {}

  std::string run(unsigned threads) {
    // A job per thread to work on, and one for each of the others to wait in while the job
    // next in order is finished. One thread needs one job.
    std::vector<Job> pool(2 * std::size_t(threads) - 1);
    for (Job& job : pool) {
      job.tally.per_question = tally_.per_question;  // reset() keeps it
      free_.push_back(&job);
    }
    {
      std::vector<std::jthread> others;
      for (unsigned i = 1; i < threads; ++i)
        others.emplace_back([this] { work(); });
      work();
    }
    return error_;
  }

 private:
  void work() {
    Worker worker(ruleset_, formatter_, options_, output_.compressed());
    while (Job* job = take()) {
      worker.process(*job);
      hand_in(job);
    }
  }

  /// A free job holding the next chunk of the inputs; null at their end or after an error.
  Job* take() {
    Job* job = nullptr;
    {
      std::unique_lock lock(mutex_);
      freed_.wait(lock, [&] { return !free_.empty() || stop_; });
      if (stop_) return nullptr;
      job = free_.back();
      free_.pop_back();
    }
    std::string error;
    {
      std::lock_guard lock(read_mutex_);
      for (; source_ < sources_.size(); ++source_) {
        io::RecordSource& source = *sources_[source_].source;
        if (source.next(job->chunk, error)) {
          job->number = read_++;
          job->layout = &source.layout();
          job->input = sources_[source_].name;
          job->consumed = consumed_ + source.input().consumed();
          return job;
        }
        if (!error.empty()) break;
        consumed_ += source.input().size().value_or(0);
      }
    }
    std::lock_guard lock(mutex_);
    free_.push_back(job);
    if (!error.empty()) fail(error);
    return nullptr;
  }

  /// Takes a processed job back. When it is the next to write, writes it and every finished job
  /// after it; otherwise leaves it to the thread writing the jobs ahead of it.
  void hand_in(Job* job) {
    std::unique_lock lock(mutex_);
    done_.push_back(job);
    if (writing_) return;
    writing_ = true;
    for (;;) {
      const auto next =
          std::find_if(done_.begin(), done_.end(), [&](Job* j) { return j->number == written_; });
      if (next == done_.end() || stop_) break;
      Job* const ready = *next;
      done_.erase(next);
      lock.unlock();
      std::string error;
      // (A gzip member is never empty: an empty one is a failed compression.)
      const bool ok = !output_.compressed()    ? output_.write(ready->out, error)
                      : !ready->packed.empty() ? output_.write_compressed(ready->packed, error)
                                               : (error = "compression failed", false);
      tally_.merge(ready->tally);
      progress_.update(tally_.records, ready->consumed);
      lock.lock();
      ++written_;
      free_.push_back(ready);
      freed_.notify_one();
      if (!ok) fail(error);
    }
    writing_ = false;
  }

  /// Stops every thread (with mutex_ held); the first error is the one reported.
  void fail(const std::string& error) {
    if (error_.empty()) error_ = error;
    stop_ = true;
    freed_.notify_all();
  }

  const Ruleset& ruleset_;
  const RecordFormatter& formatter_;
  EvaluateOptions options_;
  std::vector<Source>& sources_;
  Output& output_;
  Progress& progress_;
  Tally& tally_;

  // Reading, under read_mutex_: the source being read, the jobs read so far, the bytes of the
  // sources before it.
  std::mutex read_mutex_;
  std::size_t source_ = 0, read_ = 0;
  std::uint64_t consumed_ = 0;

  // The jobs, under mutex_: free ones, processed ones not yet written (few, in no order), how
  // many are written, whether a thread is writing.
  std::mutex mutex_;
  std::condition_variable freed_;
  std::vector<Job*> free_, done_;
  std::size_t written_ = 0;
  bool writing_ = false, stop_ = false;
  std::string error_;
};

}  // namespace

std::string screen(const Ruleset& ruleset, const RecordFormatter& formatter,
                   EvaluateOptions options, std::vector<Source>& sources, unsigned threads,
                   Output& output, Progress& progress, Tally& tally) {
  Pipeline pipeline(ruleset, formatter, options, sources, output, progress, tally);
  return pipeline.run(std::max(threads, 1u));
}

}  // namespace redflag::cli::batch
