/* 民政一键通 kiosk — AudioWorklet that turns the microphone into 16 kHz 16-bit mono PCM.
 *
 * Runs on the audio thread. Input at the context's rate (`sampleRate`, often 48 kHz; 16 kHz when
 * the browser honours AudioContext({sampleRate: 16000})) is averaged down to the target rate (a
 * box filter: enough low-pass for speech), clipped, converted to Int16 little-endian and posted to
 * the page in chunks of `chunkMs` (default 100 ms = 3,200 bytes), transferring the buffer. */
class PcmCapture extends AudioWorkletProcessor {
  constructor(options) {
    super();
    const o = (options && options.processorOptions) || {};
    this.target = o.targetRate || 16000;
    this.ratio = sampleRate / this.target; // eslint-disable-line no-undef
    this.size = Math.round((this.target * (o.chunkMs || 100)) / 1000);
    this.buf = new Int16Array(this.size);
    this.n = 0;
    this.pos = 0;
    this.acc = 0;
    this.accN = 0;
  }

  push(v) {
    const x = v > 1 ? 1 : v < -1 ? -1 : v;
    this.buf[this.n++] = x < 0 ? x * 0x8000 : x * 0x7fff;
    if (this.n === this.size) {
      this.port.postMessage(this.buf.buffer, [this.buf.buffer]);
      this.buf = new Int16Array(this.size);
      this.n = 0;
    }
  }

  process(inputs) {
    const input = inputs[0];
    if (!input || !input[0]) return true;
    const ch = input[0];
    if (this.ratio <= 1.0001) {
      for (let i = 0; i < ch.length; i++) this.push(ch[i]);
      return true;
    }
    for (let i = 0; i < ch.length; i++) {
      this.acc += ch[i];
      this.accN++;
      this.pos += 1;
      if (this.pos >= this.ratio) {
        this.pos -= this.ratio;
        this.push(this.acc / this.accN);
        this.acc = 0;
        this.accN = 0;
      }
    }
    return true;
  }
}

registerProcessor("pcm-capture", PcmCapture);
