<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name></name>
    <message>
        <location filename="../../studio/ui/shell/toolbar.py" line="26"/>
        <source>Main</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/toolbar.py" line="40"/>
        <source>Speak</source>
        <translation>朗读</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/toolbar.py" line="41"/>
        <source>Clone</source>
        <translation>克隆</translation>
    </message>
    <message>
        <source>Clone is not built yet: recording or importing a voice, checking it and saving it to the library is planned.</source>
        <translation type="vanished">“克隆”尚未实现：计划支持录制或导入声音、检查并保存到声音库。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/toolbar.py" line="42"/>
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/toolbar.py" line="42"/>
        <source>Edit is not built yet: trimming, fades and model edits of a selected span are planned.</source>
        <translation>“编辑”尚未实现：计划支持对选定片段裁剪、淡入淡出和模型编辑。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/toolbar.py" line="44"/>
        <source>Chat</source>
        <translation>对话</translation>
    </message>
    <message>
        <source>Chat is not built yet: live voice chat with turn-taking and barge-in is planned.</source>
        <translation type="vanished">“对话”尚未实现：计划支持带轮次检测和打断的实时语音对话。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/toolbar.py" line="60"/>
        <source>Write text and hear it spoken</source>
        <translation>输入文字并听到朗读</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/toolbar.py" line="62"/>
        <source>Talk with a model through the microphone and hear it answer</source>
        <translation>通过麦克风与模型对话，并听到它的语音回复</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/toolbar.py" line="64"/>
        <source>Make a voice from a few seconds of speech; your voice library</source>
        <translation>用几秒钟的语音制作音色；管理你的音色库</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/voices_page.py" line="312"/>
        <location filename="../../studio/ui/shell/toolbar.py" line="75"/>
        <location filename="../../studio/ui/shell/toolbar.py" line="78"/>
        <location filename="../../widgets/take_details.py" line="76"/>
        <source>Engine</source>
        <translation>引擎</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/toolbar.py" line="79"/>
        <source>Finding engines…</source>
        <translation>正在查找引擎…</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/controls.py" line="75"/>
        <location filename="../../studio/ui/chat/controls.py" line="86"/>
        <location filename="../../studio/ui/shell/toolbar.py" line="86"/>
        <source>Output</source>
        <translation>输出</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/toolbar.py" line="90"/>
        <source>Audio output device</source>
        <translation>音频输出设备</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/toolbar.py" line="91"/>
        <source>Looking for audio devices…</source>
        <translation>正在查找音频设备…</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/wizard.py" line="84"/>
        <source>New voice</source>
        <translation>新建音色</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/preview_step.py" line="166"/>
        <location filename="../../studio/ui/clone/source_step.py" line="172"/>
        <location filename="../../studio/ui/clone/wizard.py" line="129"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/wizard.py" line="130"/>
        <source>Leave the wizard; nothing is saved</source>
        <translation>退出向导，不保存任何内容</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/wizard.py" line="133"/>
        <source>Back</source>
        <translation>上一步</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/wizard.py" line="134"/>
        <location filename="../../studio/ui/clone/wizard.py" line="256"/>
        <source>Next</source>
        <translation>下一步</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/source_step.py" line="55"/>
        <source>About 5 to 10 seconds of one person speaking naturally, in a quiet room, works best. Longer recordings are fine: the next step finds the best part.</source>
        <translation>最好是在安静房间里单人自然说话约 5–10 秒。更长的录音也可以：下一步会自动找出最合适的片段。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/source_step.py" line="62"/>
        <source>Record</source>
        <translation>录制</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/transcript.py" line="33"/>
        <source>You</source>
        <translation>你</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/transcript.py" line="33"/>
        <source>Assistant</source>
        <translation>助手</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/model_dialog.py" line="38"/>
        <source>Set Up a Chat Model</source>
        <translation>设置对话模型</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/model_dialog.py" line="45"/>
        <source>Replies are written by a chat model and spoken by the current engine&apos;s voice. Choose where the model runs.</source>
        <translation>回复由对话模型撰写，并用当前引擎的声音朗读。请选择模型的运行位置。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/model_dialog.py" line="51"/>
        <source>An OpenAI-compatible server (vLLM, llama.cpp, Ollama, step-studio serve)</source>
        <translation>兼容 OpenAI 的服务器（vLLM、llama.cpp、Ollama、step-studio serve）</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/model_dialog.py" line="53"/>
        <source>Step-Audio-Chat on a GPU host (served by vLLM)</source>
        <translation>GPU 主机上的 Step-Audio-Chat（由 vLLM 提供服务）</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/model_dialog.py" line="54"/>
        <source>A local transformers model folder (needs torch)</source>
        <translation>本地 transformers 模型文件夹（需要 torch）</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/model_dialog.py" line="63"/>
        <source>the model name the server serves, e.g. qwen2.5-7b-instruct</source>
        <translation>服务器提供的模型名称，例如 qwen2.5-7b-instruct</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/model_dialog.py" line="66"/>
        <source>optional; stored in plain text in the settings file</source>
        <translation>可选；以明文保存在设置文件中</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/model_dialog.py" line="69"/>
        <source>a folder with config.json, weights and tokenizer</source>
        <translation>包含 config.json、权重和分词器的文件夹</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/model_dialog.py" line="70"/>
        <location filename="../../studio/ui/shell/engine_setup_dialog.py" line="270"/>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/model_dialog.py" line="77"/>
        <source>Server URL</source>
        <translation>服务器 URL</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/model_dialog.py" line="78"/>
        <source>Model name</source>
        <translation>模型名称</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/model_dialog.py" line="80"/>
        <source>Model folder</source>
        <translation>模型文件夹</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/model_dialog.py" line="121"/>
        <source>Choose a transformers model folder</source>
        <translation>选择 transformers 模型文件夹</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/model_dialog.py" line="147"/>
        <source>Testing {0}…</source>
        <translation>正在测试 {0}…</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/model_dialog.py" line="154"/>
        <source>✓ {0} answers.</source>
        <translation>✓ {0} 已响应。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/controls.py" line="70"/>
        <location filename="../../studio/ui/chat/controls.py" line="86"/>
        <location filename="../../studio/ui/clone/source_step.py" line="64"/>
        <location filename="../../studio/ui/clone/source_step.py" line="66"/>
        <source>Microphone</source>
        <translation>麦克风</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/controls.py" line="72"/>
        <location filename="../../studio/ui/clone/source_step.py" line="67"/>
        <location filename="../../studio/ui/clone/source_step.py" line="83"/>
        <source>Looking for microphones…</source>
        <translation>正在查找麦克风…</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/controls.py" line="77"/>
        <source>Looking for speakers…</source>
        <translation>正在查找扬声器…</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/controls.py" line="80"/>
        <source>Echo handling</source>
        <translation>回声处理</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/controls.py" line="81"/>
        <source>Headphones</source>
        <translation>耳机</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/controls.py" line="82"/>
        <source>Speakers</source>
        <translation>扬声器</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/controls.py" line="83"/>
        <source>Headphones: the microphone cannot hear replies. Speakers: the microphone is gated while a reply plays, so the assistant does not hear itself; speak up to interrupt.</source>
        <translation>耳机：麦克风听不到回复。扬声器：回复播放期间会抑制麦克风输入，助手不会听到自己的声音；提高音量说话即可打断。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/controls.py" line="87"/>
        <source>Listening with</source>
        <translation>收听方式</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/controls.py" line="102"/>
        <location filename="../../studio/ui/chat/controls.py" line="127"/>
        <source>Persona</source>
        <translation>角色</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/controls.py" line="103"/>
        <source>No persona (plain assistant)</source>
        <translation>无角色（普通助手）</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/controls.py" line="113"/>
        <source>Turn-taking preset</source>
        <translation>轮次检测预设</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/controls.py" line="114"/>
        <source>Quiet room</source>
        <translation>安静房间</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/controls.py" line="114"/>
        <source>Noisy room</source>
        <translation>嘈杂房间</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/controls.py" line="115"/>
        <source>Slow speaker</source>
        <translation>语速较慢</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/controls.py" line="117"/>
        <source>How eagerly the assistant takes its turn: a noisy room needs louder speech; a slow speaker gets longer pauses before the turn ends.</source>
        <translation>助手接话的积极程度：嘈杂房间需要更大声地说话；语速较慢时，会等待更长的停顿再结束本轮。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/controls.py" line="120"/>
        <source>The language you speak</source>
        <translation>你说的语言</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/controls.py" line="122"/>
        <source>English</source>
        <translation>英语</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/controls.py" line="122"/>
        <source>Mandarin Chinese</source>
        <translation>普通话</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/controls.py" line="123"/>
        <source>Another language (detected)</source>
        <translation>其他语言（自动识别）</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/controls.py" line="128"/>
        <source>Turn-taking</source>
        <translation>轮次检测</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/controls.py" line="128"/>
        <source>You speak</source>
        <translation>你说的语言</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/controls.py" line="138"/>
        <source>The chat model that writes the replies; click to change it</source>
        <translation>撰写回复的对话模型；点击可更改</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/controls.py" line="144"/>
        <location filename="../../studio/ui/chat/page.py" line="566"/>
        <source>Start conversation</source>
        <translation>开始对话</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/controls.py" line="147"/>
        <source>Interrupt</source>
        <translation>打断</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/controls.py" line="148"/>
        <source>Stop the reply now (Esc)</source>
        <translation>立即停止回复（Esc）</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/controls.py" line="149"/>
        <source>Hands-free</source>
        <translation>免提</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/controls.py" line="150"/>
        <source>Push to talk</source>
        <translation>按键说话</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/controls.py" line="155"/>
        <source>Hold to talk (F8)</source>
        <translation>按住说话（F8）</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/controls.py" line="156"/>
        <source>Hold this button, or the F8 key, while you speak</source>
        <translation>说话时按住此按钮或 F8 键</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/controls.py" line="164"/>
        <location filename="../../studio/ui/chat/page.py" line="408"/>
        <location filename="../../studio/ui/chat/page.py" line="425"/>
        <source>Not started</source>
        <translation>未开始</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/page.py" line="193"/>
        <source>Type a message and press Enter (works without a microphone)</source>
        <translation>输入消息并按 Enter（无需麦克风）</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/page.py" line="195"/>
        <source>Message</source>
        <translation>消息</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/page.py" line="196"/>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/live_turns.py" line="55"/>
        <source>Latency</source>
        <translation>延迟</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/live_turns.py" line="58"/>
        <source>End of your speech → first reply audio, per turn, appears here.</source>
        <translation>每轮从你说完到听到回复首段音频的延迟显示在这里。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/sessions_panel.py" line="52"/>
        <location filename="../../studio/ui/chat/sessions_panel.py" line="57"/>
        <source>Saved conversations</source>
        <translation>已保存的对话</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/sessions_panel.py" line="62"/>
        <source>Replay</source>
        <translation>回放</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/model_dialog.py" line="189"/>
        <source>Set up a chat model to start talking</source>
        <translation>设置对话模型后即可开始对话</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/model_dialog.py" line="193"/>
        <source>No chat model is set up. Spoken replies need a model that writes them; choose one of:
• an OpenAI-compatible server (vLLM, llama.cpp, Ollama or a step-studio serve server): its URL, e.g. http://127.0.0.1:8000/v1, and the model name it serves;
• Step-Audio-Chat on a GPU host (vLLM with --served-model-name step-audio-chat): its URL;
• a local transformers model folder (config.json, weights and tokenizer; needs torch).</source>
        <translation>尚未设置对话模型。语音回复需要一个生成回复文本的模型，请选择以下其一：
• OpenAI 兼容服务器（vLLM、llama.cpp、Ollama 或 step-studio serve 服务器）：填写其地址（例如 http://127.0.0.1:8000/v1）和所提供的模型名称；
• GPU 主机上的 Step-Audio-Chat（vLLM，使用 --served-model-name step-audio-chat）：填写其地址；
• 本地 transformers 模型文件夹（包含 config.json、权重和分词器；需要 torch）。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/model_dialog.py" line="203"/>
        <source>Set up a chat model…</source>
        <translation>设置对话模型…</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/model_dialog.py" line="209"/>
        <source>Listening and speaking run here: speech recognition on this computer, replies spoken by the engine chosen at the top right.</source>
        <translation>收听和朗读都在这里进行：语音识别在本机运行，回复由右上角所选的引擎朗读。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/page.py" line="258"/>
        <source>Personas could not be read: {0}</source>
        <translation>无法读取角色：{0}</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/page.py" line="262"/>
        <source>Saved conversations are unavailable: {0}</source>
        <translation>已保存的对话不可用：{0}</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/controls.py" line="336"/>
        <source>Chat model: not set up</source>
        <translation>对话模型：未设置</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/controls.py" line="337"/>
        <source>The chat model that writes the replies; click to set it up</source>
        <translation>撰写回复的对话模型；点击进行设置</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/controls.py" line="339"/>
        <source>Model: {0}</source>
        <translation>模型：{0}</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/controls.py" line="340"/>
        <source>Replies are written by {0}; click to change it</source>
        <translation>回复由 {0} 撰写；点击可更改</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/controls.py" line="313"/>
        <source>The engine&apos;s default voice</source>
        <translation>引擎的默认声音</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/controls.py" line="215"/>
        <source>no persona</source>
        <translation>无角色</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/controls.py" line="216"/>
        <source>Persona: {0}</source>
        <translation>角色：{0}</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/controls.py" line="228"/>
        <source>{0} listens from the next conversation.</source>
        <translation>{0} 将从下一次对话开始收听。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/controls.py" line="347"/>
        <source>What you say is recognised on this computer by {0}. English is heard by Whisper tiny.en (about twice as fast); other languages by the multilingual Whisper base.</source>
        <translation>你说的话由本机上的 {0} 识别。英语使用 Whisper tiny.en（速度约快一倍），其他语言使用多语言的 Whisper base。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/controls.py" line="235"/>
        <source>Turn-taking: {0}</source>
        <translation>轮次检测：{0}</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/devices.py" line="53"/>
        <source>{0} Type your turns below; replies are still spoken.</source>
        <translation>{0} 请在下方输入你的发言；回复仍会朗读出来。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/controls.py" line="286"/>
        <source>No speaker</source>
        <translation>没有扬声器</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/devices.py" line="65"/>
        <source>No sound output: replies are written and saved, not played. {0}</source>
        <translation>无声音输出：回复只显示并保存，不会播放。{0}</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/controls.py" line="240"/>
        <source>Speaker mode: the mic is gated while replies play</source>
        <translation>扬声器模式：回复播放期间抑制麦克风输入</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/controls.py" line="242"/>
        <source>Headphone mode: no echo handling needed</source>
        <translation>耳机模式：无需回声处理</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/controls.py" line="246"/>
        <source>Echo handling: {0}</source>
        <translation>回声处理：{0}</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/controls.py" line="259"/>
        <source>{0} (from now on in this conversation)</source>
        <translation>{0}（在本次对话中立即生效）</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/controls.py" line="263"/>
        <source>{0} applies from the next conversation.</source>
        <translation>{0} 将从下一次对话开始生效。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/page.py" line="331"/>
        <source>Chat model set: {0}</source>
        <translation>已设置对话模型：{0}</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/page.py" line="353"/>
        <source>The voice engine is still loading; start again in a moment.</source>
        <translation>语音引擎仍在加载，请稍后再开始。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/page.py" line="387"/>
        <source>Listening to typed turns</source>
        <translation>正在接收文字输入</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/page.py" line="409"/>
        <source>The conversation could not start: {0}</source>
        <translation>无法开始对话：{0}</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/devices.py" line="99"/>
        <source>Listening on {0}</source>
        <translation>正在通过 {0} 收听</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/devices.py" line="100"/>
        <source>the microphone</source>
        <translation>麦克风</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/devices.py" line="104"/>
        <source>{0} Type your turns below instead.</source>
        <translation>{0} 请改为在下方输入你的发言。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/live_turns.py" line="111"/>
        <location filename="../../studio/ui/chat/page.py" line="452"/>
        <location filename="../../studio/ui/chat/transcript.py" line="151"/>
        <source>typed</source>
        <translation>文字输入</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/page.py" line="468"/>
        <source>Listening</source>
        <translation>正在聆听</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/page.py" line="468"/>
        <source>You are speaking</source>
        <translation>你正在说话</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/page.py" line="469"/>
        <source>Pause: thinking ahead</source>
        <translation>停顿：预先思考中</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/page.py" line="469"/>
        <source>Replying</source>
        <translation>正在回复</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/live_turns.py" line="126"/>
        <source>hearing…</source>
        <translation>正在识别…</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/live_turns.py" line="174"/>
        <source>Tool: {0}({1}) running…</source>
        <translation>工具：{0}({1}) 运行中…</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/live_turns.py" line="176"/>
        <location filename="../../studio/ui/chat/transcript.py" line="147"/>
        <source>Tool: {0}({1}) → {2}</source>
        <translation>工具：{0}({1}) → {2}</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/live_turns.py" line="193"/>
        <source> · speculative reply used</source>
        <translation> · 已使用预测回复</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/live_turns.py" line="196"/>
        <source>Last turn: {0}</source>
        <translation>上一轮：{0}</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/live_turns.py" line="196"/>
        <source>not measured</source>
        <translation>未测量</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/live_turns.py" line="198"/>
        <source>Median over {0} turns: {1:.2f} s</source>
        <translation>{0} 轮的中位数：{1:.2f} 秒</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/live_turns.py" line="205"/>
        <source>Speculative replies: {0} started · {1} used · {2} thrown away</source>
        <translation>预测回复：开始 {0} 个 · 使用 {1} 个 · 丢弃 {2} 个</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/live_turns.py" line="212"/>
        <location filename="../../studio/ui/chat/transcript.py" line="153"/>
        <source>interrupted</source>
        <translation>已打断</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/page.py" line="481"/>
        <source>Active: {0}</source>
        <translation>生效中：{0}</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/page.py" line="498"/>
        <source>A turn could not be saved: {0}</source>
        <translation>无法保存一轮对话：{0}</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/sessions_panel.py" line="92"/>
        <source> · live</source>
        <translation> · 进行中</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/sessions_panel.py" line="94"/>
        <source>{0} turns</source>
        <translation>{0} 轮</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/page.py" line="521"/>
        <source>Showing “{0}”</source>
        <translation>正在显示“{0}”</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/page.py" line="538"/>
        <source>This conversation has no audio to replay.</source>
        <translation>此对话没有可回放的音频。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/page.py" line="544"/>
        <source>Replaying ({0:.1f} s); Interrupt stops it.</source>
        <translation>正在回放（{0:.1f} 秒）；点击“打断”可停止。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/sessions_panel.py" line="110"/>
        <source>Export Conversation</source>
        <translation>导出对话</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/sessions_panel.py" line="111"/>
        <source>Markdown transcript + FLAC audio (*.md);;JSON transcript + FLAC audio (*.json);;Everything in a zip (*.zip)</source>
        <translation>Markdown 转写文本 + FLAC 音频 (*.md);;JSON 转写文本 + FLAC 音频 (*.json);;全部打包为 zip (*.zip)</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/sessions_panel.py" line="130"/>
        <source>Exported {0}</source>
        <translation>已导出 {0}</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/sessions_panel.py" line="144"/>
        <source>Rename Conversation</source>
        <translation>重命名对话</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/sessions_panel.py" line="144"/>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/sessions_panel.py" line="153"/>
        <source>Delete Conversation</source>
        <translation>删除对话</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/sessions_panel.py" line="154"/>
        <source>Delete “{0}” with its audio? This cannot be undone.</source>
        <translation>删除“{0}”及其音频？此操作无法撤销。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/sessions_panel.py" line="163"/>
        <source>Stop the conversation before deleting it.</source>
        <translation>请先停止对话，再将其删除。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/page.py" line="565"/>
        <source>Stop conversation</source>
        <translation>停止对话</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/page.py" line="570"/>
        <source>Set up a chat model first</source>
        <translation>请先设置对话模型</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/page.py" line="571"/>
        <source>Waiting for the voice engine to load</source>
        <translation>正在等待语音引擎加载</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/page.py" line="573"/>
        <source>Start listening; every turn is saved as it ends</source>
        <translation>开始收听；每轮结束时自动保存</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/source_step.py" line="78"/>
        <location filename="../../studio/ui/clone/source_step.py" line="203"/>
        <location filename="../../studio/ui/clone/source_step.py" line="227"/>
        <location filename="../../studio/ui/clone/source_step.py" line="244"/>
        <source>●  Record</source>
        <translation>●  录制</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/source_step.py" line="90"/>
        <source>Import a file</source>
        <translation>导入文件</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/source_step.py" line="91"/>
        <source>Drop an audio file here

WAV, FLAC, OGG or MP3</source>
        <translation>将音频文件拖放到此处

WAV、FLAC、OGG 或 MP3</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/source_step.py" line="96"/>
        <source>Choose a file…</source>
        <translation>选择文件…</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/check_step.py" line="72"/>
        <location filename="../../studio/ui/clone/check_step.py" line="140"/>
        <source>Choose or record a clip first.</source>
        <translation>请先选择或录制一段音频。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/check_step.py" line="81"/>
        <source>Trim to the selection</source>
        <translation>裁剪到选区</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/check_step.py" line="83"/>
        <source>Keep only the highlighted window; drag it or its edges to change it</source>
        <translation>只保留高亮区域；拖动区域或其边缘可调整</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/check_step.py" line="84"/>
        <source>Normalise loudness</source>
        <translation>响度归一化</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/check_step.py" line="86"/>
        <source>Reduce background noise</source>
        <translation>背景降噪</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/check_step.py" line="87"/>
        <source>Helps with hiss and hum; leave it off for clean recordings, it can dull the voice</source>
        <translation>可减轻嘶嘶声和嗡嗡声；干净的录音请勿开启，否则声音可能发闷</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/check_step.py" line="92"/>
        <source>▶  A: original</source>
        <translation>▶  A：原始</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/check_step.py" line="93"/>
        <source>Listen to the clip as it came in</source>
        <translation>试听原始音频</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/check_step.py" line="94"/>
        <source>▶  B: prepared</source>
        <translation>▶  B：处理后</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/check_step.py" line="95"/>
        <source>Listen to what will be used: trimmed, normalised, denoised</source>
        <translation>试听实际使用的音频：已裁剪、归一化、降噪</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/check_step.py" line="96"/>
        <source>■</source>
        <translation>■</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/check_step.py" line="97"/>
        <source>Stop listening</source>
        <translation>停止试听</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/check_step.py" line="107"/>
        <source>Reference check</source>
        <translation>参考音频检查</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/check_step.py" line="108"/>
        <location filename="../../studio/ui/clone/check_step.py" line="142"/>
        <source>Not checked yet</source>
        <translation>尚未检查</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/transcript_step.py" line="50"/>
        <source>What is said in the clip</source>
        <translation>音频中说了什么</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/transcript_step.py" line="52"/>
        <source>Engines that clone use the transcript to line the voice up with the words. Correct any mistake: an exact transcript gives a closer clone.</source>
        <translation>支持克隆的引擎会用转写文本将声音与文字对齐。请修正其中的错误：转写越准确，克隆效果越接近。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/transcript_step.py" line="57"/>
        <source>Language of the clip</source>
        <translation>音频的语言</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/transcript_step.py" line="58"/>
        <source>Detect automatically</source>
        <translation>自动检测</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/transcript_step.py" line="62"/>
        <source>Transcribe again</source>
        <translation>重新转写</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/transcript_step.py" line="76"/>
        <location filename="../../studio/ui/clone/wizard.py" line="56"/>
        <source>Transcript</source>
        <translation>转写文本</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/transcript_step.py" line="77"/>
        <source>The transcript appears here…</source>
        <translation>转写文本将显示在这里…</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/consent_step.py" line="31"/>
        <source>Name the voice and record consent</source>
        <translation>为音色命名并记录授权</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/consent_step.py" line="33"/>
        <source>A voice belongs to the person who speaks. Save it only with their agreement; the record travels with the voice when it is shared.</source>
        <translation>声音属于说话人本人。请仅在取得本人同意后保存；分享音色时，授权记录会随之一起分享。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/consent_step.py" line="40"/>
        <source>e.g. Grandma reading</source>
        <translation>例如：奶奶朗读</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/consent_step.py" line="41"/>
        <location filename="../../studio/ui/clone/consent_step.py" line="42"/>
        <source>Voice name</source>
        <translation>音色名称</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/consent_step.py" line="44"/>
        <source>Voice language</source>
        <translation>音色语言</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/consent_step.py" line="49"/>
        <source>Who is speaking in the clip</source>
        <translation>音频中的说话人</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/consent_step.py" line="50"/>
        <location filename="../../studio/ui/clone/consent_step.py" line="51"/>
        <location filename="../../studio/ui/clone/voices_page.py" line="358"/>
        <source>Speaker</source>
        <translation>说话人</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/consent_step.py" line="52"/>
        <source>They agreed to this use of their voice</source>
        <translation>说话人已同意以此用途使用其声音</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/consent_step.py" line="57"/>
        <source>How they agreed</source>
        <translation>同意方式</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/consent_step.py" line="58"/>
        <source>It is my own voice</source>
        <translation>这是我自己的声音</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/consent_step.py" line="58"/>
        <source>In writing</source>
        <translation>书面同意</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/consent_step.py" line="58"/>
        <source>Spoken, on the recording</source>
        <translation>口头同意（录音中有记录）</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/consent_step.py" line="59"/>
        <source>Spoken, not recorded</source>
        <translation>口头同意（未录音）</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/consent_step.py" line="59"/>
        <source>Public-domain or licensed recording</source>
        <translation>公有领域或已获授权的录音</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/consent_step.py" line="61"/>
        <source>How</source>
        <translation>方式</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/consent_step.py" line="63"/>
        <location filename="../../studio/ui/clone/consent_step.py" line="64"/>
        <location filename="../../studio/ui/clone/voices_page.py" line="362"/>
        <location filename="../../studio/ui/clone/wizard.py" line="55"/>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/consent_step.py" line="67"/>
        <location filename="../../studio/ui/clone/consent_step.py" line="71"/>
        <location filename="../../studio/ui/clone/voices_page.py" line="363"/>
        <source>Licence</source>
        <translation>许可</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/consent_step.py" line="68"/>
        <source>Personal use only</source>
        <translation>仅限个人使用</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/consent_step.py" line="69"/>
        <source>All rights reserved</source>
        <translation>保留所有权利</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/consent_step.py" line="73"/>
        <source>warm, narration, female (comma separated)</source>
        <translation>如：温暖, 旁白, 女声（用英文逗号分隔）</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/preview_step.py" line="84"/>
        <location filename="../../studio/ui/clone/preview_step.py" line="86"/>
        <source>Preview sentence</source>
        <translation>试听句子</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/wizard.py" line="256"/>
        <source>Save voice</source>
        <translation>保存音色</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/wizard.py" line="267"/>
        <source>Record or import a clip to go on.</source>
        <translation>录制或导入一段音频后才能继续。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/wizard.py" line="268"/>
        <source>{0}: {1:.1f} s</source>
        <translation>{0}：{1:.1f} 秒</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/check_step.py" line="152"/>
        <location filename="../../studio/ui/clone/wizard.py" line="271"/>
        <source>Checking the clip…</source>
        <translation>正在检查音频…</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/wizard.py" line="273"/>
        <source>Preparing the selected window…</source>
        <translation>正在处理选区…</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/wizard.py" line="275"/>
        <source>The selection is shorter than a second; widen it.</source>
        <translation>选区不足 1 秒，请扩大选区。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/wizard.py" line="276"/>
        <source>The prepared clip is {0:.1f} s long.</source>
        <translation>处理后的音频时长 {0:.1f} 秒。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/transcript_step.py" line="107"/>
        <source>{0} needs the transcript: wait for it or type it.</source>
        <translation>{0} 需要转写文本：请等待转写完成或手动输入。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/transcript_step.py" line="109"/>
        <source>No transcript: engines that need one will not be offered the voice.</source>
        <translation>没有转写文本：需要转写的引擎将无法使用此音色。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/consent_step.py" line="99"/>
        <source>a name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/consent_step.py" line="101"/>
        <source>who is speaking</source>
        <translation>说话人</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/consent_step.py" line="103"/>
        <source>their consent</source>
        <translation>说话人的同意</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/consent_step.py" line="105"/>
        <source>To go on, give {0}.</source>
        <translation>请填写以下内容后继续：{0}。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/wizard.py" line="282"/>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/wizard.py" line="284"/>
        <source>The voice library is still opening…</source>
        <translation>音色库仍在打开…</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/wizard.py" line="287"/>
        <source>Wait for {0} to finish, or cancel it.</source>
        <translation>请等待 {0} 完成，或将其取消。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/wizard.py" line="290"/>
        <source>No engine made a profile: the voice is saved with its reference only, for an engine that can clone later.</source>
        <translation>没有引擎生成音色配置：将只保存参考音频，供以后支持克隆的引擎使用。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/wizard.py" line="292"/>
        <source>Saves the voice with {0} profile(s).</source>
        <translation>保存音色及 {0} 个配置。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/source_step.py" line="123"/>
        <source>Microphones cannot be listed: {0}</source>
        <translation>无法列出麦克风：{0}</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/controls.py" line="269"/>
        <location filename="../../studio/ui/clone/source_step.py" line="133"/>
        <source>No microphone was found.</source>
        <translation>未找到麦克风。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/controls.py" line="270"/>
        <location filename="../../studio/ui/clone/source_step.py" line="134"/>
        <source>No microphone</source>
        <translation>没有麦克风</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/source_step.py" line="139"/>
        <source>Importing a file still works.</source>
        <translation>仍可导入文件。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/source_step.py" line="148"/>
        <source> (default)</source>
        <translation>（默认）</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/source_step.py" line="153"/>
        <source>Counts down from 3, then records until you press Stop</source>
        <translation>从 3 开始倒计时，然后一直录制，直到你按下“停止”</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/source_step.py" line="154"/>
        <source>Press Record, wait for the countdown, then speak.</source>
        <translation>按“录制”，等倒计时结束后开始说话。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/page.py" line="360"/>
        <location filename="../../studio/ui/clone/source_step.py" line="182"/>
        <location filename="../../studio/ui/shell/main_window.py" line="122"/>
        <source>Starting…</source>
        <translation>正在启动…</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/source_step.py" line="188"/>
        <source>■  Stop</source>
        <translation>■  停止</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/source_step.py" line="195"/>
        <source>Recording…</source>
        <translation>正在录制…</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/source_step.py" line="205"/>
        <source>Recording could not start: {0}</source>
        <translation>无法开始录制：{0}</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/source_step.py" line="212"/>
        <source>Recording… {0:.1f} s</source>
        <translation>正在录制… {0:.1f} 秒</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/source_step.py" line="222"/>
        <source>Finishing…</source>
        <translation>正在完成…</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/source_step.py" line="231"/>
        <source>Recording</source>
        <translation>录音</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/wizard.py" line="302"/>
        <source>Import a voice recording</source>
        <translation>导入语音录音</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/voices_page.py" line="457"/>
        <location filename="../../studio/ui/clone/wizard.py" line="303"/>
        <source>All files (*)</source>
        <translation>所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/source_step.py" line="251"/>
        <source>Reading {0}…</source>
        <translation>正在读取 {0}…</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/source_step.py" line="266"/>
        <source>{0} cannot be used: {1}</source>
        <translation>无法使用 {0}：{1}</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/source_step.py" line="283"/>
        <source>{0} does not look like an audio file (WAV, FLAC, OGG or MP3).</source>
        <translation>{0} 似乎不是音频文件（WAV、FLAC、OGG 或 MP3）。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/consent_step.py" line="92"/>
        <source>Recorded in Step Audio Studio</source>
        <translation>在 Step Audio Studio 中录制</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/consent_step.py" line="93"/>
        <source>Imported from {0}</source>
        <translation>导入自 {0}</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/check_step.py" line="136"/>
        <location filename="../../studio/ui/shell/engine_setup_dialog.py" line="163"/>
        <source>Checking…</source>
        <translation>正在检查…</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/check_step.py" line="162"/>
        <source>The clip could not be checked: {0}</source>
        <translation>无法检查音频：{0}</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/check_step.py" line="182"/>
        <source>✓  A good reference.</source>
        <translation>✓  这是一段优质的参考音频。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/check_step.py" line="183"/>
        <source>!  Usable, with the warnings below.</source>
        <translation>!  可以使用，但请注意以下警告。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/check_step.py" line="184"/>
        <source>✕  This clip has problems: a clone made from it will suffer.</source>
        <translation>✕  此音频存在问题，会影响克隆效果。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/check_step.py" line="258"/>
        <source>Selection {0:.1f}–{1:.1f} s ({2:.1f} s)</source>
        <translation>选区 {0:.1f}–{1:.1f} 秒（{2:.1f} 秒）</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/check_step.py" line="260"/>
        <source>shorter than the ideal 5–10 s</source>
        <translation>短于理想的 5–10 秒</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/check_step.py" line="262"/>
        <source>longer than needed; 5–10 s is ideal</source>
        <translation>过长；5–10 秒最理想</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/check_step.py" line="264"/>
        <source>drag the highlighted window or its edges to change it</source>
        <translation>拖动高亮区域或其边缘可调整</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/check_step.py" line="278"/>
        <source>The clip could not be prepared: {0}</source>
        <translation>无法处理音频：{0}</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/transcript_step.py" line="129"/>
        <source>Transcribing with Whisper…</source>
        <translation>正在用 Whisper 转写…</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/transcript_step.py" line="143"/>
        <source>Detected {0}. Check the words and correct any mistake.</source>
        <translation>检测到{0}。请核对文字并修正错误。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/transcript_step.py" line="144"/>
        <source>Check the words and correct any mistake.</source>
        <translation>请核对文字并修正错误。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/transcript_step.py" line="154"/>
        <source>Automatic transcription failed ({0}); type the transcript.</source>
        <translation>自动转写失败（{0}），请手动输入转写文本。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/preview_step.py" line="128"/>
        <source>No installed engine can use a reference yet</source>
        <translation>已安装的引擎都还不能使用参考音频</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/preview_step.py" line="130"/>
        <source>The voice can still be saved with its checked reference, transcript and consent; an engine that clones (such as Step-Audio) can use it once installed. The voice library shows which engines can use each voice.</source>
        <translation>仍可保存音色及其已检查的参考音频、转写文本和授权记录；安装支持克隆的引擎（如 Step-Audio）后即可使用。音色库中会显示每个音色可用于哪些引擎。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/preview_step.py" line="148"/>
        <source>Clones the voice</source>
        <translation>声音克隆</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/preview_step.py" line="148"/>
        <source>Voice match</source>
        <translation>音色匹配</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/preview_step.py" line="153"/>
        <source>Makes a zero-shot clone of the reference.</source>
        <translation>对参考音频进行零样本克隆。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/preview_step.py" line="154"/>
        <source>Picks the nearest of its own voices; it does not clone.</source>
        <translation>从自带音色中选出最接近的一个，不进行克隆。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/preview_step.py" line="155"/>
        <source>What it does with the reference: {0}</source>
        <translation>参考音频的用法：{0}</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/preview_step.py" line="157"/>
        <source>Works best with {0:g}–{1:g} s of speech; yours is {2:.1f} s.</source>
        <translation>最适合 {0:g}–{1:g} 秒的语音；你的音频为 {2:.1f} 秒。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/preview_step.py" line="167"/>
        <source>Try again</source>
        <translation>重试</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/preview_step.py" line="168"/>
        <source>▶  Preview</source>
        <translation>▶  试听</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/preview_step.py" line="195"/>
        <source>Needs a transcript: go back one step and type it.</source>
        <translation>需要转写文本：请返回上一步输入。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/preview_step.py" line="226"/>
        <source>Ready.</source>
        <translation>就绪。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/preview_step.py" line="240"/>
        <source>Cancelled. Nothing from {0} is saved with the voice.</source>
        <translation>已取消。{0} 的结果不会随音色保存。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/preview_step.py" line="241"/>
        <source>Failed: {0}</source>
        <translation>失败：{0}</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/preview_step.py" line="262"/>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/preview_step.py" line="269"/>
        <source>Similarity to the reference: &lt;b&gt;{0:.2f}&lt;/b&gt;</source>
        <translation>与参考音频的相似度：&lt;b&gt;{0:.2f}&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/preview_step.py" line="272"/>
        <source> (default voice {0:.2f}, {1:+.2f})</source>
        <translation>（默认音色 {0:.2f}，{1:+.2f}）</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/preview_step.py" line="276"/>
        <source>Profile ready.</source>
        <translation>配置已就绪。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/preview_step.py" line="290"/>
        <source>Speaking the preview…</source>
        <translation>正在生成试听…</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/preview_step.py" line="302"/>
        <source>the engine produced no audio</source>
        <translation>引擎没有生成音频</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/preview_step.py" line="307"/>
        <source>Preview: {0:.1f} s</source>
        <translation>试听：{0:.1f} 秒</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/preview_step.py" line="313"/>
        <source>The preview failed: {0}</source>
        <translation>试听失败：{0}</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/wizard.py" line="383"/>
        <source>Saving “{0}”…</source>
        <translation>正在保存“{0}”…</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/wizard.py" line="392"/>
        <source>Saved the voice “{0}”.</source>
        <translation>已保存音色“{0}”。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/wizard.py" line="399"/>
        <source>The voice could not be saved: {0}</source>
        <translation>无法保存音色：{0}</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/menus.py" line="19"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/menus.py" line="20"/>
        <source>&amp;Export Take…</source>
        <translation>导出音频(&amp;E)…</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/menus.py" line="24"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/menus.py" line="28"/>
        <source>&amp;Engine</source>
        <translation>引擎(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/menus.py" line="29"/>
        <source>Add Remote Engine…</source>
        <translation>添加远程引擎…</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/menus.py" line="30"/>
        <source>Use an engine on a step-studio serve server, by its address</source>
        <translation>按地址使用运行在 step-studio serve 服务器上的引擎</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/menus.py" line="32"/>
        <source>Remove Remote Engine</source>
        <translation>移除远程引擎</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/menus.py" line="36"/>
        <source>&amp;Take</source>
        <translation>音频(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/menus.py" line="40"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/menus.py" line="41"/>
        <source>Theme</source>
        <translation>主题</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/menus.py" line="44"/>
        <location filename="../../studio/ui/shell/menus.py" line="55"/>
        <source>Follow the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/menus.py" line="44"/>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/menus.py" line="44"/>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/consent_step.py" line="47"/>
        <location filename="../../studio/ui/clone/transcript_step.py" line="55"/>
        <location filename="../../studio/ui/shell/menus.py" line="52"/>
        <location filename="../../studio/ui/shell/menus.py" line="90"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/menus.py" line="63"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/about.py" line="37"/>
        <location filename="../../studio/ui/shell/menus.py" line="64"/>
        <source>Keyboard Shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/menus.py" line="66"/>
        <source>&amp;About Step Audio Studio</source>
        <translation>关于 Step Audio Studio(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/menus.py" line="68"/>
        <source>About &amp;Qt</source>
        <translation>关于 &amp;Qt</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/engine_picker.py" line="29"/>
        <source>No engines</source>
        <translation>没有引擎</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/engine_picker.py" line="30"/>
        <source>Engines could not be found: {0}</source>
        <translation>找不到引擎：{0}</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/engine_picker.py" line="95"/>
        <source>{0} (unavailable)</source>
        <translation>{0}（不可用）</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/engine_picker.py" line="106"/>
        <location filename="../../studio/ui/shell/engine_picker.py" line="137"/>
        <source>{0}: click to use this engine</source>
        <translation>{0}：点击使用此引擎</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/engine_picker.py" line="77"/>
        <source>no engine is installed</source>
        <translation>未安装任何引擎</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/engine_picker.py" line="78"/>
        <source>No engine can run here</source>
        <translation>没有可在此运行的引擎</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/engine_picker.py" line="79"/>
        <source>No engine can run here ({0}).</source>
        <translation>没有可在此运行的引擎（{0}）。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/preview_step.py" line="205"/>
        <location filename="../../studio/ui/shell/engine_picker.py" line="190"/>
        <source>Loading {0}…</source>
        <translation>正在加载 {0}…</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/engine_picker.py" line="114"/>
        <source>Set up Step-Audio TTS-3B…</source>
        <translation>设置 Step-Audio TTS-3B…</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/engine_picker.py" line="115"/>
        <source>Its model files, GPU or CPU, and weight precision</source>
        <translation>模型文件、GPU 或 CPU，以及权重精度</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/engine_picker.py" line="117"/>
        <source>Add remote engine…</source>
        <translation>添加远程引擎…</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/engine_picker.py" line="130"/>
        <source>“{0}” on {1}</source>
        <translation>{1} 上的“{0}”</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/engine_picker.py" line="132"/>
        <location filename="../../studio/ui/shell/engine_picker.py" line="136"/>
        <source>{0} (remote)</source>
        <translation>{0}（远程）</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/engine_picker.py" line="133"/>
        <source>{0}; checking the server…</source>
        <translation>{0}；正在检查服务器…</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/engine_picker.py" line="141"/>
        <source>{0} (remote, unavailable)</source>
        <translation>{0}（远程，不可用）</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/engine_picker.py" line="142"/>
        <source>{0}: {1} Choose it again to retry.</source>
        <translation>{0}：{1} 再次选择即可重试。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/engine_setup.py" line="75"/>
        <source>Saved; it applies after the current take.</source>
        <translation>已保存；将在当前生成结束后生效。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/engine_setup.py" line="91"/>
        <source>{0} is ready to use.</source>
        <translation>{0} 已可使用。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/engine_setup.py" line="105"/>
        <location filename="../../studio/ui/shell/remote_engine_dialog.py" line="48"/>
        <source>Add Remote Engine</source>
        <translation>添加远程引擎</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/engine_setup.py" line="118"/>
        <source>Added {0}: choose it in the engine picker.</source>
        <translation>已添加 {0}：请在引擎选择器中选择它。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/engine_setup.py" line="128"/>
        <source>Stop the current take before removing its engine.</source>
        <translation>请先停止当前生成，再移除其引擎。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/engine_setup.py" line="139"/>
        <source>{0} was removed; choose an engine.</source>
        <translation>{0} 已移除，请选择一个引擎。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/engine_setup.py" line="145"/>
        <source>Removed {0}.</source>
        <translation>已移除 {0}。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/engine_setup.py" line="169"/>
        <source>No remote engines added</source>
        <translation>尚未添加远程引擎</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/engine_setup.py" line="173"/>
        <source>{0} ({1})</source>
        <translation>{0}（{1}）</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/engine_picker.py" line="201"/>
        <source>the engines are still being found; try again in a moment.</source>
        <translation>仍在查找引擎，请稍后再试。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/engine_picker.py" line="203"/>
        <source>it needs the engine “{0}”, which is not installed.</source>
        <translation>它需要引擎“{0}”，但该引擎未安装。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/engine_picker.py" line="206"/>
        <source>it needs the engine “{0}”, which cannot run here: {1}</source>
        <translation>它需要引擎“{0}”，但该引擎无法在此运行：{1}</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/engine_picker.py" line="208"/>
        <source>stop the current take before switching engines.</source>
        <translation>请先停止当前生成，再切换引擎。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/engine_picker.py" line="236"/>
        <source>Stop the current take before switching engines.</source>
        <translation>请先停止当前生成，再切换引擎。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/engine_picker.py" line="252"/>
        <source>{0} failed to load</source>
        <translation>{0} 加载失败</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/engine_picker.py" line="256"/>
        <source>{0} could not be loaded: {1}</source>
        <translation>无法加载 {0}：{1}</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/engine_picker.py" line="279"/>
        <source>{0} ready · loaded in {1:.1f} s · {2} voices</source>
        <translation>{0} 已就绪 · 加载用时 {1:.1f} 秒 · {2} 个声音</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/engine_picker.py" line="285"/>
        <source>{0}: voices unavailable ({1})</source>
        <translation>{0}：无法获取声音（{1}）</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/output_picker.py" line="19"/>
        <source>No audio output device</source>
        <translation>没有音频输出设备</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/controls.py" line="285"/>
        <location filename="../../studio/ui/shell/output_picker.py" line="21"/>
        <source>No audio output device was found.</source>
        <translation>未找到音频输出设备。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/output_picker.py" line="23"/>
        <source>No audio output device — generating and exporting still work.</source>
        <translation>没有音频输出设备——仍可生成和导出。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/controls.py" line="275"/>
        <location filename="../../studio/ui/chat/controls.py" line="291"/>
        <location filename="../../studio/ui/shell/output_picker.py" line="28"/>
        <source>System default</source>
        <translation>系统默认</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/session.py" line="95"/>
        <source>Settings not saved: {0}</source>
        <translation>设置未保存：{0}</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/session.py" line="100"/>
        <source>Draft not saved: {0}</source>
        <translation>草稿未保存：{0}</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/menus.py" line="91"/>
        <source>The new language is used the next time Step Audio Studio starts.</source>
        <translation>新语言将在下次启动 Step Audio Studio 时生效。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/about.py" line="20"/>
        <source>not loaded yet</source>
        <translation>尚未加载</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/about.py" line="21"/>
        <source>About Step Audio Studio</source>
        <translation>关于 Step Audio Studio</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/about.py" line="22"/>
        <source>&lt;h3&gt;Step Audio Studio {0}&lt;/h3&gt;&lt;p&gt;A desktop voice studio for the Step-Audio family of speech models, with an offline CPU engine that works on any laptop.&lt;/p&gt;&lt;p&gt;Current engine: {1}&lt;br&gt;Data folder: {2}&lt;/p&gt;&lt;p&gt;Licence: GPL-3.0-or-later. Built with Qt (PySide6) and pyqtgraph.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Step Audio Studio {0}&lt;/h3&gt;&lt;p&gt;面向 Step-Audio 系列语音模型的桌面语音工作室，内置可在任何笔记本电脑上离线运行的 CPU 引擎。&lt;/p&gt;&lt;p&gt;当前引擎：{1}&lt;br&gt;数据文件夹：{2}&lt;/p&gt;&lt;p&gt;许可证：GPL-3.0-or-later。基于 Qt (PySide6) 和 pyqtgraph 构建。&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/about.py" line="31"/>
        <location filename="../../studio/ui/speak/page.py" line="155"/>
        <location filename="../../studio/ui/speak/transport.py" line="29"/>
        <location filename="../../studio/ui/speak/transport.py" line="77"/>
        <location filename="../../studio/ui/speak/transport.py" line="80"/>
        <source>Generate</source>
        <translation>生成</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/about.py" line="31"/>
        <source>Stop generating or playing</source>
        <translation>停止生成或播放</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/about.py" line="32"/>
        <source>Play / pause</source>
        <translation>播放 / 暂停</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/about.py" line="32"/>
        <source>Play / pause (outside text fields)</source>
        <translation>播放 / 暂停（焦点不在文本框时）</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/about.py" line="33"/>
        <source>Rename the selected take</source>
        <translation>重命名所选音频</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/about.py" line="33"/>
        <source>Delete the selected take</source>
        <translation>删除所选音频</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/about.py" line="34"/>
        <source>Favourite the selected take</source>
        <translation>收藏所选音频</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/about.py" line="34"/>
        <source>Export the selected take</source>
        <translation>导出所选音频</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak/voice_bar.py" line="28"/>
        <source>male</source>
        <translation>男声</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak/voice_bar.py" line="28"/>
        <source>female</source>
        <translation>女声</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/controls.py" line="110"/>
        <location filename="../../studio/ui/speak/page.py" line="81"/>
        <location filename="../../studio/ui/speak/transport.py" line="76"/>
        <source>Loading engine…</source>
        <translation>正在加载引擎…</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak/text_panel.py" line="37"/>
        <source>Type what to say. Add tags from the menus above, e.g. (高兴1)Good morning! [Laughter] Long texts are spoken sentence by sentence, and you hear the first sentence right away.</source>
        <translation>输入要朗读的文字。可从上方菜单添加标签，例如 (高兴1)早上好！[Laughter] 长文本按句生成，第一句马上就能听到。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak/text_panel.py" line="39"/>
        <source>Text to speak</source>
        <translation>要朗读的文字</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/controls.py" line="108"/>
        <location filename="../../studio/ui/chat/controls.py" line="127"/>
        <location filename="../../studio/ui/clone/voices_page.py" line="519"/>
        <location filename="../../studio/ui/speak/voice_bar.py" line="52"/>
        <location filename="../../studio/ui/speak/voice_bar.py" line="56"/>
        <location filename="../../widgets/take_details.py" line="77"/>
        <source>Voice</source>
        <translation>声音</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak/presets.py" line="79"/>
        <location filename="../../studio/ui/speak/presets.py" line="83"/>
        <source>Presets</source>
        <translation>预设</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak/presets.py" line="84"/>
        <source>Apply a preset (voice, speed, pitch and tags), or save the current settings as one</source>
        <translation>应用预设（音色、语速、音高和标签），或将当前设置保存为预设</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak/voice_bar.py" line="61"/>
        <location filename="../../widgets/tag_picker.py" line="66"/>
        <source>Speed</source>
        <translation>语速</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak/voice_bar.py" line="63"/>
        <source>Pitch</source>
        <translation>音高</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak/voice_bar.py" line="65"/>
        <source>Sampling…</source>
        <translation>采样…</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak/voice_bar.py" line="66"/>
        <source>This engine&apos;s sampling settings and the seed</source>
        <translation>此引擎的采样设置和随机种子</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak/transport.py" line="31"/>
        <location filename="../../studio/ui/speak/transport.py" line="79"/>
        <source>Speak the text (Ctrl+Enter)</source>
        <translation>朗读文字（Ctrl+Enter）</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak/page.py" line="157"/>
        <location filename="../../studio/ui/speak/transport.py" line="34"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak/transport.py" line="35"/>
        <source>Stop generating or playing (Esc)</source>
        <translation>停止生成或播放（Esc）</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak/transport.py" line="37"/>
        <location filename="../../studio/ui/speak/transport.py" line="90"/>
        <location filename="../../widgets/take_list.py" line="340"/>
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak/transport.py" line="38"/>
        <location filename="../../studio/ui/speak/transport.py" line="87"/>
        <source>Play or pause the take (Ctrl+Space, or Space outside the editor)</source>
        <translation>播放或暂停（Ctrl+空格；焦点不在编辑器时按空格）</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/sessions_panel.py" line="63"/>
        <location filename="../../studio/ui/clone/voices_page.py" line="156"/>
        <location filename="../../studio/ui/speak/transport.py" line="40"/>
        <location filename="../../widgets/take_list.py" line="343"/>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak/transport.py" line="41"/>
        <source>Export the selected take as WAV, FLAC, OGG or MP3</source>
        <translation>将所选音频导出为 WAV、FLAC、OGG 或 MP3</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak/transport.py" line="45"/>
        <source>Also write a metadata sidecar (.json)</source>
        <translation>同时写入元数据文件（.json）</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak/take_view.py" line="68"/>
        <location filename="../../widgets/take_list.py" line="332"/>
        <source>Takes</source>
        <translation>历史音频</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak/take_view.py" line="77"/>
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak/page.py" line="159"/>
        <source>Play/Pause</source>
        <translation>播放/暂停</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak/voice_bar.py" line="89"/>
        <source>Available once the engine is loaded</source>
        <translation>引擎加载后可用</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak/voice_bar.py" line="92"/>
        <source>Reset to the default</source>
        <translation>恢复默认值</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak/presets.py" line="261"/>
        <source>The preset “{0}” was not applied: its engine could not be loaded.</source>
        <translation>未应用预设“{0}”：无法加载其引擎。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/voices_page.py" line="47"/>
        <location filename="../../studio/ui/clone/voices_page.py" line="251"/>
        <location filename="../../studio/ui/speak/voice_bar.py" line="165"/>
        <source>cloned</source>
        <translation>克隆</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/voices_page.py" line="47"/>
        <location filename="../../studio/ui/clone/voices_page.py" line="251"/>
        <location filename="../../studio/ui/speak/voice_bar.py" line="165"/>
        <source>matched</source>
        <translation>匹配</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak/voice_bar.py" line="166"/>
        <source>★ {0} ({1}, similarity {2:.2f})</source>
        <translation>★ {0}（{1}，相似度 {2:.2f}）</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak/voice_bar.py" line="167"/>
        <source>★ {0} ({1})</source>
        <translation>★ {0}（{1}）</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak/voice_bar.py" line="169"/>
        <source>Your voice from the library</source>
        <translation>来自你的音色库</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak/voice_bar.py" line="200"/>
        <source>speed</source>
        <translation>语速</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak/voice_bar.py" line="200"/>
        <source>pitch</source>
        <translation>音高</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak/voice_bar.py" line="201"/>
        <source>{0} has no {1} control</source>
        <translation>{0} 不支持调节{1}</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak/voice_bar.py" line="202"/>
        <source>n/a</source>
        <translation>不适用</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak/voice_bar.py" line="226"/>
        <location filename="../../studio/ui/speak/voice_bar.py" line="236"/>
        <source>native</source>
        <translation>原生</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak/voice_bar.py" line="226"/>
        <location filename="../../studio/ui/speak/voice_bar.py" line="236"/>
        <source>post-process</source>
        <translation>后期处理</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak/voice_bar.py" line="285"/>
        <source>{0} st</source>
        <translation>{0} 半音</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak/text_panel.py" line="90"/>
        <source>{0} characters</source>
        <translation>{0} 个字符</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak/text_panel.py" line="92"/>
        <source>{0} characters · {1} spoken</source>
        <translation>{0} 个字符 · 朗读 {1} 个</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak/text_panel.py" line="94"/>
        <source>(limit {0})</source>
        <translation>（上限 {0}）</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak/text_panel.py" line="100"/>
        <source>{0} tags</source>
        <translation>{0} 个标签</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak/text_panel.py" line="111"/>
        <source>1 tag won&apos;t be honoured by {0}: {1}</source>
        <translation>{0} 无法执行 1 个标签：{1}</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak/text_panel.py" line="113"/>
        <source>{0} tags won&apos;t be honoured by {1}: {2}</source>
        <translation>{1} 无法执行 {0} 个标签：{2}</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak/text_panel.py" line="115"/>
        <source>{0} approximated</source>
        <translation>{0} 个近似实现</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak/text_panel.py" line="117"/>
        <source>{0} tags, all honoured by {1}</source>
        <translation>{0} 个标签，{1} 全部支持</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak/text_panel.py" line="76"/>
        <source>Type the text to speak first.</source>
        <translation>请先输入要朗读的文字。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak/text_panel.py" line="78"/>
        <source>This text has {0} characters; one take holds up to {1} (about 20 minutes of speech). Split it into several takes. Your text stays in the editor.</source>
        <translation>文本共 {0} 个字符；单次生成最多 {1} 个字符（约 20 分钟语音）。请分成几次生成。你的文字仍保留在编辑器中。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak/text_panel.py" line="83"/>
        <source>There are only tags here and nothing to say. Write some words after the tags.</source>
        <translation>这里只有标签，没有要朗读的文字。请在标签后写些内容。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak/page.py" line="349"/>
        <source>A take is already being generated. Stop it first (Esc).</source>
        <translation>正在生成音频。请先停止（Esc）。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak/page.py" line="359"/>
        <source>The engine is not ready yet: {0}</source>
        <translation>引擎尚未就绪：{0}</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak/page.py" line="391"/>
        <location filename="../../studio/ui/speak/page.py" line="394"/>
        <source>Generating…</source>
        <translation>正在生成…</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak/page.py" line="403"/>
        <source>Stopping…</source>
        <translation>正在停止…</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak/page.py" line="417"/>
        <source>Sentence {0} of {1}</source>
        <translation>第 {0} 句，共 {1} 句</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak/page.py" line="431"/>
        <source>The take failed. See the message above.</source>
        <translation>生成失败，请查看上方消息。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak/page.py" line="432"/>
        <source>The take failed: {0}</source>
        <translation>生成失败：{0}</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak/page.py" line="434"/>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak/page.py" line="439"/>
        <source>Stopped. The unfinished take was discarded.</source>
        <translation>已停止。未完成的音频已丢弃。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak/page.py" line="440"/>
        <source>Stopped. The unfinished take was discarded; finished takes are kept in the history.</source>
        <translation>已停止。未完成的音频已丢弃；已完成的音频保留在历史中。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak/page.py" line="442"/>
        <source>Stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak/page.py" line="449"/>
        <source>first audio in {0:.2f} s</source>
        <translation>首段音频用时 {0:.2f} 秒</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak/page.py" line="454"/>
        <source>Generating… {0:.1f} s so far</source>
        <translation>正在生成… 已生成 {0:.1f} 秒</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak/page.py" line="466"/>
        <source>The engine finished without producing any audio.</source>
        <translation>引擎已结束，但没有生成任何音频。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak/page.py" line="468"/>
        <source>No audio</source>
        <translation>没有音频</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak/page.py" line="474"/>
        <source>Done: {0:.1f} s of audio in {1:.1f} s</source>
        <translation>完成：{1:.1f} 秒生成 {0:.1f} 秒音频</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak/presets.py" line="97"/>
        <source>The shipped presets could not be read: {0}</source>
        <translation>无法读取内置预设：{0}</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak/presets.py" line="104"/>
        <source>Some shipped presets could not be read and are not offered:</source>
        <translation>部分内置预设无法读取，因此未列出：</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak/presets.py" line="120"/>
        <source>Your presets could not be read: {0}</source>
        <translation>无法读取你的预设：{0}</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak/presets.py" line="129"/>
        <source>Shipped presets</source>
        <translation>内置预设</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak/presets.py" line="133"/>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak/presets.py" line="134"/>
        <source>Your presets</source>
        <translation>我的预设</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak/presets.py" line="138"/>
        <source>No saved presets yet</source>
        <translation>尚未保存任何预设</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak/presets.py" line="139"/>
        <source>Opening your presets…</source>
        <translation>正在打开你的预设…</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak/presets.py" line="142"/>
        <source>Save current settings as preset…</source>
        <translation>将当前设置保存为预设…</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak/presets.py" line="145"/>
        <source>Waiting for the voice library to open.</source>
        <translation>正在等待音色库打开。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak/presets.py" line="147"/>
        <location filename="../../studio/ui/speak/presets.py" line="369"/>
        <source>Delete preset</source>
        <translation>删除预设</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak/presets.py" line="165"/>
        <source>{0} (your library)</source>
        <translation>{0}（我的音色库）</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/controls.py" line="222"/>
        <location filename="../../studio/ui/speak/presets.py" line="168"/>
        <source>Voice: {0}</source>
        <translation>音色：{0}</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak/presets.py" line="171"/>
        <source>Engine: {0}</source>
        <translation>引擎：{0}</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak/presets.py" line="173"/>
        <source>Tags: {0}</source>
        <translation>标签：{0}</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak/presets.py" line="174"/>
        <source>Speed {0}×, pitch {1} st</source>
        <translation>语速 {0}×，音高 {1} 半音</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak/presets.py" line="196"/>
        <location filename="../../studio/ui/speak/presets.py" line="242"/>
        <source>Stop the current take before applying a preset.</source>
        <translation>请先停止当前生成，再应用预设。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak/presets.py" line="203"/>
        <source>The preset “{0}” was not applied: the engine is not ready yet ({1}).</source>
        <translation>未应用预设“{0}”：引擎尚未就绪（{1}）。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak/presets.py" line="211"/>
        <source>engines are still being found</source>
        <translation>仍在查找引擎</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak/presets.py" line="247"/>
        <source>Switching engine for the preset “{0}”…</source>
        <translation>正在为预设“{0}”切换引擎…</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak/presets.py" line="269"/>
        <source>its voice is no longer in your voice library.</source>
        <translation>它的音色已不在你的音色库中。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak/presets.py" line="271"/>
        <source>your voice “{0}” has no profile for this engine yet (make one on the Clone page).</source>
        <translation>你的音色“{0}”还没有适用于此引擎的配置（请在“克隆”页面创建）。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak/presets.py" line="276"/>
        <source>the engine “{0}” has no voice “{1}”.</source>
        <translation>引擎“{0}”没有音色“{1}”。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak/presets.py" line="279"/>
        <source>The preset “{0}” was not applied: {1}</source>
        <translation>未应用预设“{0}”：{1}</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak/presets.py" line="294"/>
        <source>its voice is not offered here.</source>
        <translation>此处不提供它的音色。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak/presets.py" line="302"/>
        <source>Applied the preset “{0}”</source>
        <translation>已应用预设“{0}”</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak/presets.py" line="309"/>
        <source>Save preset</source>
        <translation>保存预设</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak/presets.py" line="313"/>
        <source>e.g. Calm narrator</source>
        <translation>例如：沉稳旁白</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak/presets.py" line="315"/>
        <source>Optional: what it is for</source>
        <translation>可选：用途说明</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/remote_engine_dialog.py" line="62"/>
        <source>Use an engine that runs on another machine (or in another process) under &lt;code&gt;step-studio serve&lt;/code&gt;.</source>
        <translation>使用在另一台机器（或另一个进程）上以 &lt;code&gt;step-studio serve&lt;/code&gt; 运行的引擎。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/remote_engine_dialog.py" line="69"/>
        <location filename="../../studio/ui/shell/remote_engine_dialog.py" line="71"/>
        <source>Server address</source>
        <translation>服务器地址</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/remote_engine_dialog.py" line="70"/>
        <source>The engine server&apos;s address, e.g. {0}</source>
        <translation>引擎服务器的地址，例如 {0}</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/remote_engine_dialog.py" line="74"/>
        <source>optional</source>
        <translation>可选</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/remote_engine_dialog.py" line="75"/>
        <source>Server key</source>
        <translation>服务器密钥</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/remote_engine_dialog.py" line="77"/>
        <source>The key the server was started with (step-studio serve --key), if it needs one. It is stored as you type it, in plain text, in the studio&apos;s settings file.</source>
        <translation>服务器启动时使用的密钥（step-studio serve --key），如需要。它会按输入原样以明文保存在工作室的设置文件中。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/model_dialog.py" line="79"/>
        <location filename="../../studio/ui/shell/remote_engine_dialog.py" line="79"/>
        <source>Key</source>
        <translation>密钥</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/model_dialog.py" line="88"/>
        <location filename="../../studio/ui/shell/remote_engine_dialog.py" line="83"/>
        <source>Test</source>
        <translation>测试</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/remote_engine_dialog.py" line="84"/>
        <source>Ask the server which engines it offers</source>
        <translation>询问服务器提供哪些引擎</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/remote_engine_dialog.py" line="87"/>
        <location filename="../../studio/ui/shell/remote_engine_dialog.py" line="192"/>
        <source>Press Test to see the engines this server offers.</source>
        <translation>点击“测试”查看此服务器提供的引擎。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/remote_engine_dialog.py" line="94"/>
        <source>Engines on the server</source>
        <translation>服务器上的引擎</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/remote_engine_dialog.py" line="101"/>
        <location filename="../../studio/ui/shell/remote_engine_dialog.py" line="104"/>
        <location filename="../../studio/ui/speak/presets.py" line="316"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/remote_engine_dialog.py" line="102"/>
        <source>How this engine is called in the engine picker</source>
        <translation>此引擎在引擎选择器中显示的名称</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/remote_engine_dialog.py" line="112"/>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/remote_engine_dialog.py" line="139"/>
        <source>Asking {0}…</source>
        <translation>正在询问 {0}…</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/remote_engine_dialog.py" line="161"/>
        <source>The server at {0} answered, but offers no engines.</source>
        <translation>{0} 上的服务器已响应，但未提供任何引擎。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/remote_engine_dialog.py" line="168"/>
        <source>cannot run there now: {0}</source>
        <translation>目前无法在那里运行：{0}</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/remote_engine_dialog.py" line="171"/>
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/remote_engine_dialog.py" line="173"/>
        <source>✓ The server at {0} offers {1} engine(s). Pick one.</source>
        <translation>✓ {0} 上的服务器提供 {1} 个引擎，请选择一个。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak/presets.py" line="317"/>
        <source>Description</source>
        <translation>说明</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak/presets.py" line="350"/>
        <source>Choose an engine and a voice before saving a preset.</source>
        <translation>保存预设前，请先选择引擎和音色。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak/presets.py" line="360"/>
        <source>Saved the preset “{0}”</source>
        <translation>已保存预设“{0}”</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak/presets.py" line="364"/>
        <source>The preset could not be saved: {0}</source>
        <translation>无法保存预设：{0}</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak/presets.py" line="370"/>
        <source>Delete the preset “{0}”? This cannot be undone.</source>
        <translation>删除预设“{0}”？此操作无法撤销。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak/presets.py" line="383"/>
        <source>Deleted the preset “{0}”</source>
        <translation>已删除预设“{0}”</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak/presets.py" line="387"/>
        <source>The preset could not be deleted: {0}</source>
        <translation>无法删除预设：{0}</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak/take_view.py" line="106"/>
        <source>The take history could not be read: {0}</source>
        <translation>无法读取历史音频：{0}</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak/take_view.py" line="118"/>
        <source>Takes cannot be kept: {0} Generating and exporting still work.</source>
        <translation>无法保存音频：{0} 仍可生成和导出。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak/take_view.py" line="156"/>
        <source>Saved “{0}” to the history</source>
        <translation>已将“{0}”保存到历史</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak/take_view.py" line="160"/>
        <source>The take could not be saved: {0} It is still shown here; export it to keep it.</source>
        <translation>音频未能保存：{0} 它仍显示在这里，可导出以保留。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak/take_view.py" line="189"/>
        <source>The audio file of this take is missing.</source>
        <translation>此音频的文件已丢失。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak/take_view.py" line="194"/>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak/take_view.py" line="204"/>
        <source>This take&apos;s audio cannot be read: {0}</source>
        <translation>无法读取此音频：{0}</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak/take_view.py" line="220"/>
        <source>Could not rename the take: {0}</source>
        <translation>无法重命名：{0}</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak/take_view.py" line="228"/>
        <source>Could not change the favourite: {0}</source>
        <translation>无法更改收藏：{0}</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak/take_view.py" line="240"/>
        <source>Delete take</source>
        <translation>删除音频</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak/take_view.py" line="241"/>
        <source>Delete “{0}”? Its audio is removed from the history; this cannot be undone.</source>
        <translation>删除“{0}”？其音频将从历史中移除，且无法撤销。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak/take_view.py" line="259"/>
        <source>Could not delete the take: {0}</source>
        <translation>无法删除：{0}</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak/transport.py" line="98"/>
        <source>No sound output</source>
        <translation>无声音输出</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/page.py" line="529"/>
        <location filename="../../studio/ui/clone/check_step.py" line="287"/>
        <location filename="../../studio/ui/clone/step_kit.py" line="47"/>
        <location filename="../../studio/ui/clone/step_kit.py" line="55"/>
        <location filename="../../studio/ui/clone/voices_page.py" line="383"/>
        <location filename="../../studio/ui/speak/playback.py" line="60"/>
        <location filename="../../studio/ui/speak/transport.py" line="84"/>
        <location filename="../../studio/ui/speak/transport.py" line="99"/>
        <source>No audio output device.</source>
        <translation>没有音频输出设备。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak/take_view.py" line="301"/>
        <source>Export take</source>
        <translation>导出音频</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak/take_view.py" line="332"/>
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak/take_view.py" line="335"/>
        <source>Exported to {0}</source>
        <translation>已导出到 {0}</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/sessions_panel.py" line="134"/>
        <location filename="../../studio/ui/clone/voices_page.py" line="482"/>
        <location filename="../../studio/ui/speak/take_view.py" line="336"/>
        <source>Export failed: {0}</source>
        <translation>导出失败：{0}</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak/page.py" line="524"/>
        <source>{0}: {1}</source>
        <translation>{0}：{1}</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak/page.py" line="526"/>
        <source>{0} reported {1} things about this take:</source>
        <translation>{0} 对本次生成报告了 {1} 条提示：</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak/transport.py" line="90"/>
        <location filename="../../widgets/tag_picker.py" line="69"/>
        <location filename="../../widgets/tag_picker.py" line="137"/>
        <source>Pause</source>
        <translation>停顿</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_picker.py" line="64"/>
        <source>Emotion</source>
        <translation>情感</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_picker.py" line="65"/>
        <source>Language / Dialect</source>
        <translation>语言 / 方言</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_picker.py" line="67"/>
        <source>Music</source>
        <translation>音乐</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_picker.py" line="68"/>
        <source>Sounds</source>
        <translation>声音效果</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_picker.py" line="80"/>
        <source>Insert a {0} tag</source>
        <translation>插入{0}标签</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_picker.py" line="109"/>
        <source>Pause {0} s</source>
        <translation>停顿 {0} 秒</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_picker.py" line="111"/>
        <source>Pause of another length…</source>
        <translation>其他停顿时长…</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_picker.py" line="137"/>
        <source>Pause length in seconds:</source>
        <translation>停顿时长（秒）：</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_picker.py" line="146"/>
        <source>Choose an engine to see whether it honours this tag.</source>
        <translation>选择引擎后可查看它是否支持此标签。</translation>
    </message>
    <message>
        <location filename="../../widgets/take_details.py" line="71"/>
        <source>Select a take to see how it was made.</source>
        <translation>选择一段音频，查看它是如何生成的。</translation>
    </message>
    <message>
        <location filename="../../widgets/take_details.py" line="77"/>
        <location filename="../../widgets/take_list.py" line="254"/>
        <source>default voice</source>
        <translation>默认声音</translation>
    </message>
    <message>
        <location filename="../../widgets/take_details.py" line="78"/>
        <source>Duration</source>
        <translation>时长</translation>
    </message>
    <message>
        <location filename="../../widgets/take_details.py" line="79"/>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/consent_step.py" line="74"/>
        <location filename="../../studio/ui/clone/consent_step.py" line="75"/>
        <location filename="../../studio/ui/clone/voices_page.py" line="352"/>
        <location filename="../../widgets/take_details.py" line="83"/>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <location filename="../../widgets/take_list.py" line="307"/>
        <location filename="../../widgets/take_list.py" line="309"/>
        <source>Search takes</source>
        <translation>搜索历史音频</translation>
    </message>
    <message>
        <location filename="../../widgets/take_list.py" line="315"/>
        <location filename="../../widgets/take_list.py" line="316"/>
        <source>Show favourites only</source>
        <translation>只显示收藏</translation>
    </message>
    <message>
        <location filename="../../widgets/take_list.py" line="338"/>
        <source>No takes yet. Each take you generate is kept here.</source>
        <translation>还没有音频。每次生成的音频都会保存在这里。</translation>
    </message>
    <message>
        <location filename="../../widgets/take_list.py" line="341"/>
        <source>Rename</source>
        <translation>重命名</translation>
    </message>
    <message>
        <location filename="../../widgets/take_list.py" line="342"/>
        <source>Favourite</source>
        <translation>收藏</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/sessions_panel.py" line="65"/>
        <location filename="../../widgets/take_list.py" line="344"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../widgets/take_list.py" line="447"/>
        <source>Remove from favourites</source>
        <translation>取消收藏</translation>
    </message>
    <message>
        <location filename="../../widgets/take_list.py" line="448"/>
        <source>Add to favourites</source>
        <translation>加入收藏</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/voices_page.py" line="48"/>
        <source>imported</source>
        <translation>导入</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/voices_page.py" line="119"/>
        <location filename="../../studio/ui/clone/voices_page.py" line="142"/>
        <source>Voices</source>
        <translation>音色</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/voices_page.py" line="123"/>
        <source>Import…</source>
        <translation>导入…</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/voices_page.py" line="124"/>
        <source>Add voices from a bundle file; you see what is inside first</source>
        <translation>从音色包文件添加音色；导入前会先显示其内容</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/voices_page.py" line="125"/>
        <source>New voice…</source>
        <translation>新建音色…</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/voices_page.py" line="127"/>
        <source>Record or import a few seconds of speech and make a voice</source>
        <translation>录制或导入几秒钟语音，制作一个音色</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/voices_page.py" line="132"/>
        <source>Search voices, tags, languages…</source>
        <translation>搜索音色、标签、语言…</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/voices_page.py" line="134"/>
        <source>Search voices</source>
        <translation>搜索音色</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/voices_page.py" line="153"/>
        <source>▶  Play reference</source>
        <translation>▶  播放参考音频</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/sessions_panel.py" line="64"/>
        <location filename="../../studio/ui/clone/voices_page.py" line="154"/>
        <source>Rename…</source>
        <translation>重命名…</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/voices_page.py" line="155"/>
        <source>Duplicate</source>
        <translation>创建副本</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/voices_page.py" line="157"/>
        <source>Delete…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/voices_page.py" line="195"/>
        <source>The voice library cannot be opened: {0}</source>
        <translation>无法打开音色库：{0}</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/voices_page.py" line="231"/>
        <source>The voices could not be read: {0}</source>
        <translation>无法读取音色：{0}</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/voices_page.py" line="252"/>
        <source>reference only</source>
        <translation>仅参考音频</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/voices_page.py" line="256"/>
        <source>Your voice</source>
        <translation>你的音色</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/voices_page.py" line="266"/>
        <source>A voice that comes with {0}</source>
        <translation>{0} 自带的音色</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/voices_page.py" line="312"/>
        <source>Languages</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/voices_page.py" line="313"/>
        <source>Gender</source>
        <translation>性别</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/voices_page.py" line="313"/>
        <source>Sample rate</source>
        <translation>采样率</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/voices_page.py" line="337"/>
        <source>clone</source>
        <translation>克隆</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/voices_page.py" line="337"/>
        <source>voice match</source>
        <translation>音色匹配</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/voices_page.py" line="340"/>
        <source>, similarity {0:.2f}</source>
        <translation>，相似度 {0:.2f}</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/voices_page.py" line="342"/>
        <source> (default voice {0:.2f})</source>
        <translation>（默认音色 {0:.2f}）</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/voices_page.py" line="359"/>
        <source>Consent</source>
        <translation>授权</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/voices_page.py" line="359"/>
        <source>given</source>
        <translation>已同意</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/voices_page.py" line="359"/>
        <source>not recorded</source>
        <translation>未记录</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/voices_page.py" line="364"/>
        <source>Recorded</source>
        <translation>录制日期</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/voices_page.py" line="376"/>
        <source>Built-in voices belong to their engine</source>
        <translation>内置音色属于其引擎</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/voices_page.py" line="376"/>
        <source>Select a voice</source>
        <translation>请选择一个音色</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/voices_page.py" line="384"/>
        <source>Listen to the reference recording</source>
        <translation>试听参考音频</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/voices_page.py" line="385"/>
        <source>Built-in voices have no reference recording</source>
        <translation>内置音色没有参考音频</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/voices_page.py" line="402"/>
        <source>The reference cannot be read: {0}</source>
        <translation>无法读取参考音频：{0}</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/voices_page.py" line="412"/>
        <source>Delete voice</source>
        <translation>删除音色</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/voices_page.py" line="413"/>
        <source>Delete the voice “{0}”, its reference recording and its profiles? This cannot be undone.</source>
        <translation>删除音色“{0}”及其参考音频和配置？此操作无法撤销。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/voices_page.py" line="429"/>
        <source>Rename voice</source>
        <translation>重命名音色</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/voices_page.py" line="429"/>
        <source>New name:</source>
        <translation>新名称：</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/voices_page.py" line="433"/>
        <source>Renamed to “{0}”.</source>
        <translation>已重命名为“{0}”。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/voices_page.py" line="440"/>
        <source>Duplicated “{0}”.</source>
        <translation>已创建“{0}”的副本。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/voices_page.py" line="447"/>
        <source>Deleted “{0}”.</source>
        <translation>已删除“{0}”。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/voices_page.py" line="452"/>
        <source>Export voice</source>
        <translation>导出音色</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/voices_page.py" line="456"/>
        <location filename="../../studio/ui/clone/voices_page.py" line="463"/>
        <source>Import voices</source>
        <translation>导入音色</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/voices_page.py" line="465"/>
        <source>Import from this bundle?</source>
        <translation>要从此音色包导入吗？</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/voices_page.py" line="468"/>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/voices_page.py" line="481"/>
        <source>Exported “{0}” to {1}</source>
        <translation>已将“{0}”导出到 {1}</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/voices_page.py" line="495"/>
        <source>{0} was not imported: {1}</source>
        <translation>未导入 {0}：{1}</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/voices_page.py" line="504"/>
        <source>Imported {0}.</source>
        <translation>已导入 {0}。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/voices_page.py" line="533"/>
        <source>{0:.1f} MB</source>
        <translation>{0:.1f} MB</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/voices_page.py" line="534"/>
        <source>The bundle is empty.</source>
        <translation>音色包是空的。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/wizard.py" line="55"/>
        <source>Check</source>
        <translation>检查</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/wizard.py" line="56"/>
        <source>Name &amp; consent</source>
        <translation>命名与授权</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/wizard.py" line="57"/>
        <source>Preview &amp; save</source>
        <translation>试听与保存</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/voices_page.py" line="263"/>
        <source>built-in</source>
        <translation>内置</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/voices_page.py" line="300"/>
        <source>No voices yet. Press “New voice…” to make one from a few seconds of speech.</source>
        <translation>还没有音色。点击“新建音色…”，用几秒钟的语音制作一个。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/voices_page.py" line="318"/>
        <source>Built-in voices belong to their engine: they cannot be renamed, deleted or exported.</source>
        <translation>内置音色属于其引擎：不能重命名、删除或导出。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/voices_page.py" line="328"/>
        <source>Reference</source>
        <translation>参考音频</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/voices_page.py" line="330"/>
        <source>{0:.1f} s of speech</source>
        <translation>{0:.1f} 秒语音</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/voices_page.py" line="333"/>
        <source>No transcript.</source>
        <translation>没有转写文本。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/voices_page.py" line="334"/>
        <source>Engines</source>
        <translation>引擎</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/voices_page.py" line="347"/>
        <source>No engine has a profile for this voice yet, so Speak does not offer it. An engine that clones (such as Step-Audio) can use its reference.</source>
        <translation>还没有引擎为此音色生成配置，因此“朗读”中不会提供它。支持克隆的引擎（如 Step-Audio）可以使用其参考音频。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/voices_page.py" line="349"/>
        <source>{0} can use it after preparing a profile</source>
        <translation>{0} 生成配置后即可使用</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/voices_page.py" line="353"/>
        <source>Consent and provenance</source>
        <translation>授权与来源</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/voices_page.py" line="355"/>
        <source>No consent record.</source>
        <translation>没有授权记录。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/clone/voices_page.py" line="519"/>
        <source>Preset</source>
        <translation>预设</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/engine_setup_dialog.py" line="141"/>
        <source>Set up {0}</source>
        <translation>设置 {0}</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/engine_setup_dialog.py" line="161"/>
        <source>Needs: {0}</source>
        <translation>需要：{0}</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/engine_setup_dialog.py" line="169"/>
        <source>Model files</source>
        <translation>模型文件</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/engine_setup_dialog.py" line="171"/>
        <source>Download from the Hugging Face hub into its shared cache (about 11 GB)</source>
        <translation>从 Hugging Face Hub 下载到其共享缓存（约 11 GB）</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/engine_setup_dialog.py" line="173"/>
        <source>Use folders I already have</source>
        <translation>使用已有的文件夹</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/engine_setup_dialog.py" line="179"/>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/engine_setup_dialog.py" line="179"/>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/engine_setup_dialog.py" line="188"/>
        <source>List the files</source>
        <translation>列出文件</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/engine_setup_dialog.py" line="189"/>
        <source>Download</source>
        <translation>下载</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/engine_setup_dialog.py" line="190"/>
        <source>Cancel download</source>
        <translation>取消下载</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/engine_setup_dialog.py" line="200"/>
        <source>“List the files” asks the hub for each file and its size. A stopped download continues where it stopped.</source>
        <translation>“列出文件”会向 Hub 查询每个文件及其大小。中断的下载会从中断处继续。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/engine_setup_dialog.py" line="208"/>
        <source>folder holding linguistic_tokenizer.npy</source>
        <translation>包含 linguistic_tokenizer.npy 的文件夹</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/engine_setup_dialog.py" line="209"/>
        <source>folder holding config.json and CosyVoice-300M-25Hz/</source>
        <translation>包含 config.json 和 CosyVoice-300M-25Hz/ 的文件夹</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/engine_setup_dialog.py" line="210"/>
        <source>Step-Audio-Tokenizer</source>
        <translation>Step-Audio-Tokenizer</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/engine_setup_dialog.py" line="211"/>
        <source>Step-Audio-TTS-3B</source>
        <translation>Step-Audio-TTS-3B</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/engine_setup_dialog.py" line="218"/>
        <source>Where it runs</source>
        <translation>运行位置</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/engine_setup_dialog.py" line="221"/>
        <source>Automatic (the GPU when there is one)</source>
        <translation>自动（有 GPU 时使用 GPU）</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/engine_setup_dialog.py" line="222"/>
        <source>NVIDIA GPU</source>
        <translation>NVIDIA GPU</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/engine_setup_dialog.py" line="222"/>
        <source>CPU (far slower than real time)</source>
        <translation>CPU（远慢于实时）</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/engine_setup_dialog.py" line="225"/>
        <source>Automatic (the most precise that fits)</source>
        <translation>自动（可容纳的最高精度）</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/engine_setup_dialog.py" line="226"/>
        <source>bf16 (full precision)</source>
        <translation>bf16（全精度）</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/engine_setup_dialog.py" line="226"/>
        <source>8-bit</source>
        <translation>8-bit</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/engine_setup_dialog.py" line="227"/>
        <source>4-bit</source>
        <translation>4-bit</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/engine_setup_dialog.py" line="231"/>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/engine_setup_dialog.py" line="232"/>
        <source>Weights</source>
        <translation>权重</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/engine_setup_dialog.py" line="233"/>
        <location filename="../../studio/ui/shell/engine_setup_dialog.py" line="403"/>
        <source>Estimating…</source>
        <translation>正在估算…</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/engine_setup_dialog.py" line="235"/>
        <source>Will it fit?</source>
        <translation>能否容纳？</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/engine_setup_dialog.py" line="277"/>
        <source>Choose the folder</source>
        <translation>选择文件夹</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/engine_setup_dialog.py" line="307"/>
        <source>All model files are present.</source>
        <translation>所有模型文件均已就绪。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/engine_setup_dialog.py" line="310"/>
        <source>Not ready: {0}.</source>
        <translation>未就绪：{0}。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/engine_setup_dialog.py" line="311"/>
        <source>Choose the folders that hold these files, or download them.</source>
        <translation>请选择包含这些文件的文件夹，或下载它们。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/engine_setup_dialog.py" line="320"/>
        <source>Asking the hub for the file list…</source>
        <translation>正在向 Hub 查询文件列表…</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/engine_setup_dialog.py" line="332"/>
        <source>{0} files, {1} in all.</source>
        <translation>共 {0} 个文件，{1}。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/engine_setup_dialog.py" line="360"/>
        <source>Starting the download…</source>
        <translation>正在开始下载…</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/engine_setup_dialog.py" line="379"/>
        <source> · {0}: {1} of {2}</source>
        <translation> · {0}：{1} / {2}</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/engine_setup_dialog.py" line="381"/>
        <source>{0} of {1}</source>
        <translation>{0} / {1}</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/engine_setup_dialog.py" line="388"/>
        <source>Downloaded and checked.</source>
        <translation>已下载并校验。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/engine_setup_dialog.py" line="391"/>
        <source>Stopped. Download again to continue where it stopped.</source>
        <translation>已停止。再次下载即可从中断处继续。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/engine_setup_dialog.py" line="393"/>
        <source>The download failed: {0} Download again to retry.</source>
        <translation>下载失败：{0} 再次下载即可重试。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/engine_setup_dialog.py" line="421"/>
        <source>Could not estimate: {0}</source>
        <translation>无法估算：{0}</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/engine_setup_dialog.py" line="446"/>
        <source>{0} is not downloaded</source>
        <translation>{0} 尚未下载</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/engine_setup_dialog.py" line="449"/>
        <source>{0} lacks {1}</source>
        <translation>{0} 缺少 {1}</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/engine_setup_dialog.py" line="454"/>
        <source>{0} has {1} free</source>
        <translation>{0} 可用 {1}</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/engine_setup_dialog.py" line="455"/>
        <source>no NVIDIA GPU here; the CPU has {0} of memory free</source>
        <translation>此处没有 NVIDIA GPU；CPU 可用内存 {0}</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/engine_setup_dialog.py" line="457"/>
        <source>the device is set to the GPU, but there is none here</source>
        <translation>设备设为 GPU，但此处没有 GPU</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/engine_setup_dialog.py" line="467"/>
        <source>Automatic uses float32 on the CPU.</source>
        <translation>自动模式在 CPU 上使用 float32。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/engine_setup_dialog.py" line="467"/>
        <source>It does not fit: choose 8-bit.</source>
        <translation>容纳不下：请选择 8-bit。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/engine_setup_dialog.py" line="471"/>
        <source>Your choice fits.</source>
        <translation>所选设置可以容纳。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/engine_setup_dialog.py" line="471"/>
        <source>Your choice does not fit.</source>
        <translation>所选设置无法容纳。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/engine_setup_dialog.py" line="473"/>
        <source>Automatic uses {0}.</source>
        <translation>自动模式使用 {0}。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/engine_setup_dialog.py" line="475"/>
        <source>Nothing fits: close other programs or use the CPU.</source>
        <translation>均无法容纳：请关闭其他程序或改用 CPU。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/shell/engine_setup_dialog.py" line="476"/>
        <source> On the CPU it is far slower than real time.</source>
        <translation>在 CPU 上运行远慢于实时。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak/sampling_dialog.py" line="33"/>
        <source>Sampling — {0}</source>
        <translation>采样 — {0}</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak/sampling_dialog.py" line="65"/>
        <source>random</source>
        <translation>随机</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak/sampling_dialog.py" line="67"/>
        <source>The same seed, text and settings make the same take again.</source>
        <translation>相同的种子、文本和设置会再次生成相同的音频。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak/sampling_dialog.py" line="68"/>
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
</context>
<context>
    <name>Languages</name>
    <message>
        <location filename="../../studio/ui/common/labels.py" line="11"/>
        <source>English</source>
        <translation>英语</translation>
    </message>
    <message>
        <location filename="../../studio/ui/common/labels.py" line="11"/>
        <source>Mandarin</source>
        <translation>普通话</translation>
    </message>
    <message>
        <location filename="../../studio/ui/common/labels.py" line="12"/>
        <source>Japanese</source>
        <translation>日语</translation>
    </message>
    <message>
        <location filename="../../studio/ui/common/labels.py" line="12"/>
        <source>Korean</source>
        <translation>韩语</translation>
    </message>
    <message>
        <location filename="../../studio/ui/common/labels.py" line="13"/>
        <source>Cantonese</source>
        <translation>粤语</translation>
    </message>
    <message>
        <location filename="../../studio/ui/common/labels.py" line="14"/>
        <source>Sichuanese</source>
        <translation>四川话</translation>
    </message>
    <message>
        <location filename="../../studio/ui/common/labels.py" line="15"/>
        <source>German</source>
        <translation>德语</translation>
    </message>
    <message>
        <location filename="../../studio/ui/common/labels.py" line="15"/>
        <source>French</source>
        <translation>法语</translation>
    </message>
    <message>
        <location filename="../../studio/ui/common/labels.py" line="16"/>
        <source>Spanish</source>
        <translation>西班牙语</translation>
    </message>
    <message>
        <location filename="../../studio/ui/common/labels.py" line="16"/>
        <source>Italian</source>
        <translation>意大利语</translation>
    </message>
    <message>
        <location filename="../../studio/ui/common/labels.py" line="17"/>
        <source>Portuguese</source>
        <translation>葡萄牙语</translation>
    </message>
    <message>
        <location filename="../../studio/ui/common/labels.py" line="17"/>
        <source>Russian</source>
        <translation>俄语</translation>
    </message>
    <message>
        <location filename="../../studio/ui/common/labels.py" line="18"/>
        <source>Hindi</source>
        <translation>印地语</translation>
    </message>
</context>
<context>
    <name>LevelMeter</name>
    <message>
        <location filename="../../widgets/level_meter.py" line="39"/>
        <source>Input level</source>
        <translation>输入电平</translation>
    </message>
    <message>
        <location filename="../../widgets/level_meter.py" line="64"/>
        <source>{0:.0f} dBFS</source>
        <translation>{0:.0f} dBFS</translation>
    </message>
</context>
<context>
    <name>Notices</name>
    <message>
        <location filename="../../widgets/notices.py" line="52"/>
        <location filename="../../widgets/notices.py" line="53"/>
        <source>Dismiss</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>TagEditor</name>
    <message>
        <location filename="../../widgets/tag_editor.py" line="62"/>
        <source>emotion</source>
        <translation>情感</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_editor.py" line="63"/>
        <source>language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_editor.py" line="64"/>
        <source>speed</source>
        <translation>语速</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_editor.py" line="65"/>
        <source>music</source>
        <translation>音乐</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_editor.py" line="66"/>
        <source>sound</source>
        <translation>声音效果</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_editor.py" line="67"/>
        <source>pause</source>
        <translation>停顿</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_editor.py" line="68"/>
        <source>free-form instruction</source>
        <translation>自由指令</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_editor.py" line="80"/>
        <source>native</source>
        <translation>原生支持</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_editor.py" line="81"/>
        <source>approximated</source>
        <translation>近似实现</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_editor.py" line="82"/>
        <source>not possible</source>
        <translation>无法实现</translation>
    </message>
</context>
<context>
    <name>TagNames</name>
    <message>
        <location filename="../../widgets/tag_picker.py" line="28"/>
        <source>Happy</source>
        <translation>高兴</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_picker.py" line="28"/>
        <source>Angry</source>
        <translation>生气</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_picker.py" line="29"/>
        <source>Sad</source>
        <translation>悲伤</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_picker.py" line="29"/>
        <source>Coquettish</source>
        <translation>撒娇</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_picker.py" line="30"/>
        <source>Mandarin</source>
        <translation>中文</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_picker.py" line="30"/>
        <source>English</source>
        <translation>英文</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_picker.py" line="31"/>
        <source>Korean</source>
        <translation>韩语</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_picker.py" line="31"/>
        <source>Japanese</source>
        <translation>日语</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_picker.py" line="32"/>
        <source>Sichuanese</source>
        <translation>四川话</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_picker.py" line="32"/>
        <source>Cantonese</source>
        <translation>粤语</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_picker.py" line="33"/>
        <source>Slow</source>
        <translation>慢速</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_picker.py" line="33"/>
        <source>Fast</source>
        <translation>快速</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_picker.py" line="34"/>
        <source>Rap</source>
        <translation>说唱</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_picker.py" line="34"/>
        <source>Humming</source>
        <translation>哼唱</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_picker.py" line="35"/>
        <source>Breathing</source>
        <translation>呼吸</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_picker.py" line="35"/>
        <source>Laughter</source>
        <translation>笑声</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_picker.py" line="36"/>
        <source>Surprise (oh)</source>
        <translation>惊讶（哦）</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_picker.py" line="36"/>
        <source>Confirmation (en)</source>
        <translation>肯定（嗯）</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_picker.py" line="37"/>
        <source>Uhm</source>
        <translation>嗯…</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_picker.py" line="37"/>
        <source>Surprise (ah)</source>
        <translation>惊讶（啊）</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_picker.py" line="38"/>
        <source>Surprise (wa)</source>
        <translation>惊讶（哇）</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_picker.py" line="38"/>
        <source>Sigh</source>
        <translation>叹气</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_picker.py" line="39"/>
        <source>Question (ei)</source>
        <translation>疑问（诶）</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_picker.py" line="39"/>
        <source>Dissatisfaction (hnn)</source>
        <translation>不满（哼）</translation>
    </message>
</context>
<context>
    <name>WaveformView</name>
    <message>
        <location filename="../../widgets/waveform_view.py" line="164"/>
        <source>No audio yet. Type some text and press Generate (Ctrl+Enter).</source>
        <translation>还没有音频。输入文字并点击“生成”（Ctrl+Enter）。</translation>
    </message>
    <message>
        <location filename="../../widgets/waveform_view.py" line="188"/>
        <source>time</source>
        <translation>时间</translation>
    </message>
</context>
</TS>
