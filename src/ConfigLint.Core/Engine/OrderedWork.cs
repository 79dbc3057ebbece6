using System.Runtime.ExceptionServices;

namespace ConfigLint.Core.Engine;

/// <summary>
/// Items 0, 1, 2, … made on worker threads and taken in that order: a worker starts the next one
/// only while fewer than a window's worth are made and not yet taken, so memory holds a few items,
/// not all. Without workers each is made as it is taken. A failure to make one is rethrown where the
/// reader waits, and nothing more is started. Used for the configurations of a streamed check
/// (<see cref="FindingStream"/>) and for the directories discovery reads ahead (<see cref="ConfigDiscovery"/>).
/// </summary>
/// <typeparam name="T">What is made; never null.</typeparam>
internal sealed class OrderedWork<T> : IDisposable
    where T : class
{
    private readonly int count;
    private readonly Func<int, T> make;
    private readonly T?[] done;
    private readonly SemaphoreSlim window;
    private readonly object gate = new(); // Monitor.Wait needs an object monitor, not a Lock
    private readonly Task[] workers;
    private int next = -1;
    private int awaited = -1; // the item the reader waits for, under the gate
    private volatile bool stopped;
    private ExceptionDispatchInfo? failure;

    /// <param name="count">How many items there are.</param>
    /// <param name="workers">Worker threads (at most one an item); 0: each item is made as it is taken.</param>
    /// <param name="window">How many items may be made and not yet taken.</param>
    /// <param name="make">Makes item <c>i</c>.</param>
    public OrderedWork(int count, int workers, int window, Func<int, T> make)
    {
        this.count = count;
        this.make = make;
        done = new T?[count];
        var workerCount = Math.Clamp(workers, 0, count);
        this.window = new SemaphoreSlim(Math.Max(window, 1));
        this.workers = new Task[workerCount];
        for (var w = 0; w < workerCount; w++)
        {
            this.workers[w] = Task.Factory.StartNew(Work, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }
    }

    /// <summary>Item <paramref name="index"/>, taken in order 0, 1, 2, ...</summary>
    public T Take(int index)
    {
        if (workers.Length == 0)
        {
            return make(index);
        }

        T item;
        lock (gate)
        {
            awaited = index;
            while (done[index] is null)
            {
                failure?.Throw();
                Monitor.Wait(gate);
            }

            awaited = -1;
            item = done[index]!;
            done[index] = null;
        }

        window.Release();
        return item;
    }

    public void Dispose()
    {
        // Also when the reader stops early (a report that could not be written, a walk that failed):
        // the workers finish what they are making and start nothing more.
        stopped = true;
        if (workers.Length > 0)
        {
            window.Release(workers.Length);
            Task.WaitAll(workers);
        }

        window.Dispose();
    }

    private void Work()
    {
        while (true)
        {
            window.Wait();
            var index = stopped ? count : Interlocked.Increment(ref next);
            if (index >= count)
            {
                window.Release();
                return;
            }

            try
            {
                var item = make(index);
                lock (gate)
                {
                    // The reader is woken only for the item it waits for, not for every item made ahead.
                    done[index] = item;
                    if (index == awaited)
                    {
                        Monitor.PulseAll(gate);
                    }
                }
            }
            catch (Exception e)
            {
                // The reader rethrows it where it waits; nothing more is started.
                stopped = true;
                lock (gate)
                {
                    failure ??= ExceptionDispatchInfo.Capture(e);
                    Monitor.PulseAll(gate);
                }

                window.Release();
                return;
            }
        }
    }
}
